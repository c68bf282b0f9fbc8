// One fetch wrapper for the console API: same-origin cookie session, the CSRF header on every
// write, and the hub's `{code, message:{en,zh}}` errors turned into ApiError.
import type { ApiErrorBody } from './types';

const BASE = '/console/api';
let csrfToken: string | null = null;

/** Remembers the session's CSRF token, sent as X-CSRF-Token on every non-GET request. */
export function useCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** An answer other than 2xx from the console API. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message?.en ?? body.code);
  }
}

/** Called on a 401 from any request but the login itself, so the app can go back to the login page. */
let onUnauthorized: () => void = () => undefined;
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

type Query = Record<string, string | number | undefined | null>;

function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return `${BASE}${path}${text ? `?${text}` : ''}`;
}

async function send<T>(
  method: string,
  path: string,
  options: { query?: Query; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(withQuery(path, options.query), {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const error = (body ?? { code: `HTTP_${response.status}` }) as ApiErrorBody;
    if (response.status === 401 && path !== '/session') onUnauthorized();
    throw new ApiError(response.status, error);
  }
  return body as T;
}

export const api = {
  get: <T>(path: string, query?: Query, headers?: Record<string, string>) => send<T>('GET', path, { query, headers }),
  post: <T>(path: string, body?: unknown) => send<T>('POST', path, { body: body ?? {} }),
  delete: <T>(path: string) => send<T>('DELETE', path),
  /** The URL of a GET, for downloads the browser fetches itself (CSV export). */
  url: (path: string, query?: Query) => withQuery(path, query),
};
