import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/** The session cookie: HttpOnly, SameSite=Strict, Path=/console (Secure over TLS). */
export const SESSION_COOKIE = 'hub_console_session';

/** A new session token: 32 random bytes, base64url. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a token: its SHA-256, so a copy of the table opens no session. */
export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * The session's CSRF token, derived from the session token (HMAC), so it needs no storage and
 * `GET /console/api/session` can answer it again; a page of another origin can read neither.
 */
export function csrfTokenOf(token: string): string {
  return createHmac('sha256', token).update('hub-console-csrf').digest('base64url');
}

/** Whether the presented CSRF token is the session's, compared in constant time. */
export function csrfMatches(token: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const expected = Buffer.from(csrfTokenOf(token));
  const actual = Buffer.from(presented);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The session token the request's cookie carries, if any. */
export function sessionTokenOf(request: Request): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) {
      const token = value.join('=');
      return /^[A-Za-z0-9_-]{43}$/.test(token) ? token : undefined;
    }
  }
  return undefined;
}

/** The Set-Cookie value that stores `token` (or, with `undefined`, clears the cookie). */
export function sessionCookie(request: Request, token: string | undefined, maxAgeSeconds: number): string {
  const secure = 'encrypted' in request.socket && request.socket.encrypted === true ? '; Secure' : '';
  const value = token === undefined ? `${SESSION_COOKIE}=; Max-Age=0` : `${SESSION_COOKIE}=${token}; Max-Age=${maxAgeSeconds}`;
  return `${value}; Path=/console; HttpOnly; SameSite=Strict${secure}`;
}
