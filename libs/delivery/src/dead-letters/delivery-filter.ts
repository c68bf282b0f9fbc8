import { UUID_FORMAT } from '@hub/contracts';
import { DeliveryError, DELIVERY_ERROR_CODES } from '../delivery.errors.js';

/** Narrows a listing or a bulk action; every field optional, all given fields must hold. */
export interface DeliveryFilter {
  readonly subscriptionId?: string;
  readonly agencyId?: string;
  readonly eventType?: string;
  /** From this time on (inclusive): dead-lettered at, or delivered at for unacknowledged deliveries. */
  readonly from?: Date | string;
  /** Before this time (exclusive). */
  readonly to?: Date | string;
}

export interface DeadLetterFilter extends DeliveryFilter {
  /** A dead-letter reason, e.g. REJECTED_BY_RECEIVER or ATTEMPTS_EXHAUSTED. */
  readonly reason?: string;
}

/** A page of a listing: newest first, `limit` (default 100, at most 1000) after `cursor`. */
export interface PageRequest {
  readonly limit?: number;
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

/**
 * SQL conditions (on table alias d) for a filter, appending their values to `parameters`.
 * `timeColumn` is the column `from` and `to` bound.
 */
export function filterConditions(filter: DeadLetterFilter, timeColumn: string, parameters: unknown[]): string[] {
  const conditions: string[] = [];
  const add = (sql: (placeholder: string) => string, value: unknown): void => {
    parameters.push(value);
    conditions.push(sql(`$${parameters.length}`));
  };
  if (filter.subscriptionId !== undefined) add((p) => `d.subscription_id = ${p}`, filter.subscriptionId);
  if (filter.agencyId !== undefined) add((p) => `d.agency_id = ${p}`, filter.agencyId);
  if (filter.eventType !== undefined) add((p) => `d.event_type = ${p}`, filter.eventType);
  if (filter.reason !== undefined) add((p) => `d.dead_reason = ${p}`, filter.reason);
  if (filter.from !== undefined) add((p) => `d.${timeColumn} >= ${p}::timestamptz`, toTime(filter.from, 'from'));
  if (filter.to !== undefined) add((p) => `d.${timeColumn} < ${p}::timestamptz`, toTime(filter.to, 'to'));
  return conditions;
}

/** Keyset pagination over (timeColumn, id), newest first: the ORDER BY, the cursor condition and the limit. */
export function pageClauses(
  page: PageRequest,
  timeColumn: string,
  parameters: unknown[],
): { condition?: string; orderAndLimit: string; limit: number } {
  const limit = checkedLimit(page.limit ?? 100);
  let condition: string | undefined;
  if (page.cursor !== undefined) {
    const [at, id] = decodeCursor(page.cursor);
    parameters.push(at, id);
    condition = `(d.${timeColumn}, d.id) < ($${parameters.length - 1}::timestamptz, $${parameters.length}::uuid)`;
  }
  parameters.push(limit + 1);
  return { condition, orderAndLimit: `ORDER BY d.${timeColumn} DESC, d.id DESC LIMIT $${parameters.length}`, limit };
}

/** `limit` of a page or a bulk action, when it is a whole number from 1 to 1000; otherwise throws DELIVERY_REQUEST_INVALID. */
export function checkedLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) invalid('limit must be a whole number from 1 to 1000');
  return limit;
}

/** The select-list column carrying a row's cursor (microsecond time, so no row is skipped or repeated). */
export function cursorColumn(timeColumn: string): string {
  return `to_char(d.${timeColumn} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '|' || d.id::text AS page_cursor`;
}

/** Cuts one extra row off a page and turns its predecessor's cursor into nextCursor. */
export function toPage<R extends { page_cursor: string }, T>(rows: readonly R[], limit: number, map: (row: R) => T): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(map),
    nextCursor: rows.length > limit && last ? Buffer.from(last.page_cursor, 'utf8').toString('base64url') : null,
  };
}

function decodeCursor(cursor: string): [string, string] {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || rest.length > 0 || Number.isNaN(Date.parse(at)) || !UUID_FORMAT.test(id)) {
    return invalid('cursor is not one this API returned; start again without it');
  }
  return [at, id];
}

function toTime(value: Date | string, name: string): string {
  const time = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(time)) invalid(`${name} must be a time (Date or RFC 3339 text)`);
  return new Date(time).toISOString();
}

function invalid(message: string): never {
  throw new DeliveryError(DELIVERY_ERROR_CODES.requestInvalid, message);
}
