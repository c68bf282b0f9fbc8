import { timingSafeEqual } from 'node:crypto';

/**
 * Whether a scrape may read `/metrics`: always when no token is configured (the usual ops network,
 * where the port is reachable only from Prometheus), else only with `Authorization: Bearer <token>`.
 */
export function mayScrape(token: string | undefined, authorization: string | undefined): boolean {
  if (token === undefined) return true;
  const presented = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
