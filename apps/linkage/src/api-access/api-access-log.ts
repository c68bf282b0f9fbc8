import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { linkageCallOf } from './linkage-call.js';

/** One call as `api_access_log` keeps it. */
export interface ApiAccess {
  readonly actorAgency: string | undefined;
  readonly actorName: string | undefined;
  readonly purpose: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly status: number;
  readonly resultCount: number;
}

/** The columns of `api_access_log` a call fills, in the order of accessLogValues. */
export const ACCESS_LOG_COLUMNS = 'actor_agency, actor_name, purpose, method, path, query, status, result_count';

/** A call's row as query parameters, in the order of ACCESS_LOG_COLUMNS. */
export function accessLogValues(access: ApiAccess): unknown[] {
  return [
    access.actorAgency ?? null,
    access.actorName ?? null,
    access.purpose ?? null,
    access.method,
    access.path,
    access.query,
    access.status,
    access.resultCount,
  ];
}

/**
 * Writes one row per call of a linkage API (see the create-api-access-log migration). A handler
 * may write its call's row itself, in the statement that reads its answer (markRecorded), so the
 * row costs no round trip of its own.
 */
@Injectable()
export class ApiAccessLog {
  constructor(private readonly dataSource: DataSource) {}

  async record(access: ApiAccess): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO api_access_log (${ACCESS_LOG_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      accessLogValues(access),
    );
  }

  /** The call `request` made, answered with `status` and `resultCount` records, unless its handler recorded it. */
  async recordCall(request: Request, status: number, resultCount: number): Promise<void> {
    if (linkageCallOf(request).recorded) return;
    await this.record(this.accessOf(request, status, resultCount));
  }

  /** The row of the call `request` made, answered with `status` and `resultCount` records. */
  accessOf(request: Request, status: number, resultCount: number): ApiAccess {
    const call = linkageCallOf(request);
    const [path = '', query = ''] = splitOnce(request.originalUrl, '?');
    return {
      actorAgency: call.caller?.agency,
      actorName: call.caller?.name,
      purpose: call.purpose,
      method: request.method.slice(0, 10),
      path: storable(path, 500),
      query: storable(query, 2000),
      status,
      resultCount: call.resultCount ?? resultCount,
    };
  }
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

/** A URL part as the table can hold it: cut to `max` characters, without NUL (which text refuses). */
function storable(text: string, max: number): string {
  return text.replaceAll('\u0000', '').slice(0, max);
}
