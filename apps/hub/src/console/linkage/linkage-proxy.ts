import { Injectable } from '@nestjs/common';
import { HubConfig } from '../../config/hub-config.js';
import { ConsoleError } from '../kernel/console.errors.js';

/** The purpose the console names on every call to the linkage service (recorded in its access log). */
export const CONSOLE_PURPOSE = 'ops-console';
const TIMEOUT_MS = 5_000;

export interface LinkageAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly disposition: string | null;
  readonly body: Buffer;
}

const unavailable = (why: string): ConsoleError =>
  new ConsoleError(
    'LINKAGE_UNAVAILABLE',
    503,
    `The linkage service cannot be reached: ${why}. Set LINKAGE_URL and LINKAGE_TOKEN, and check that the service runs.`,
    '无法连接关联服务，请配置 LINKAGE_URL 和 LINKAGE_TOKEN 并确认服务正在运行。',
    { retryAfterSeconds: 5 },
  );

/** GETs from the linkage service with the hub's key and the console's purpose; 503 LINKAGE_UNAVAILABLE when unset, down or too slow. */
@Injectable()
export class LinkageProxy {
  constructor(private readonly config: HubConfig) {}

  async get(path: string, query: Readonly<Record<string, string>>): Promise<LinkageAnswer> {
    const base = this.config.LINKAGE_URL;
    const token = this.config.LINKAGE_TOKEN;
    if (!base || !token) throw unavailable('LINKAGE_URL or LINKAGE_TOKEN is not set');
    const search = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== ''));
    let response: Response;
    try {
      response = await fetch(`${base.replace(/\/$/, '')}${path}${search.size > 0 ? `?${search.toString()}` : ''}`, {
        headers: { authorization: `Bearer ${token}`, 'x-purpose': CONSOLE_PURPOSE },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw unavailable(error instanceof Error ? error.message : String(error));
    }
    if (response.status >= 500 || response.status === 401 || response.status === 403) throw unavailable(`it answered ${response.status}`);
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      disposition: response.headers.get('content-disposition'),
      body: Buffer.from(await response.arrayBuffer()),
    };
  }
}
