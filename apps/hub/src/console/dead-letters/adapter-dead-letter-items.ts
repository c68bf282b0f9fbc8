import { INBOUND_HEADERS, KAFKA_HEADERS } from '@hub/contracts';
import type { DeadLetterQuery } from './dead-letter-query.js';
import type { ConsoleDeadLetter } from './console-dead-letter.js';

/** A dead letter as an adapter's dead-letter API lists it (the agency kit's DeadLetterView). */
export interface AdapterDeadLetterView {
  readonly id: number;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly createdAt: string;
  /** Absent from adapters built before the kit listed them. */
  readonly headers?: Record<string, string>;
}

const ADAPTER_ID = /^adapter:([a-z0-9][a-z0-9-]{0,63}):(\d{1,15})$/;

/** The console's id of an adapter's dead letter: `adapter:<name>:<n>`. */
export function adapterDeadLetterId(adapter: string, id: number): string {
  return `adapter:${adapter}:${id}`;
}

/** The adapter and its own id of `adapter:<name>:<n>`; undefined for any other id. */
export function parseAdapterDeadLetterId(id: string): { adapter: string; id: number } | undefined {
  const match = ADAPTER_ID.exec(id);
  return match ? { adapter: match[1] ?? '', id: Number(match[2]) } : undefined;
}

/** An adapter's dead letter in the console's shape, tagged with the adapter; event and correlation from its Kafka headers. */
export function toConsoleDeadLetter(adapter: string, view: AdapterDeadLetterView): ConsoleDeadLetter {
  const headers = view.headers ?? {};
  return {
    id: adapterDeadLetterId(adapter, view.id),
    source: 'adapter',
    adapter,
    subscriptionId: headers[INBOUND_HEADERS.subscriptionId] ?? null,
    agency: /^agency\.(.+)\.inbound$/.exec(view.topic)?.[1] ?? adapter,
    eventId: headers[KAFKA_HEADERS.eventId] ?? null,
    eventType: headers[KAFKA_HEADERS.eventType] ?? null,
    correlationId: headers[KAFKA_HEADERS.correlationId] ?? null,
    attempts: 1,
    lastError: `${view.errorCode}: ${view.errorMessage}`,
    deadAt: new Date(view.createdAt).toISOString(),
    headers,
  };
}

/** Whether an adapter's dead letter meets the search, as the SQL of the hub's own applies it. */
export function matchesQuery(item: ConsoleDeadLetter, query: DeadLetterQuery): boolean {
  const text = query.q?.toLowerCase();
  return (
    (query.correlationId === undefined || item.correlationId === query.correlationId) &&
    (query.eventType === undefined || item.eventType === query.eventType) &&
    (query.agency === undefined || item.agency === query.agency) &&
    (query.subscription === undefined || item.subscriptionId === query.subscription) &&
    (query.header === undefined || item.headers[query.header.name] === query.header.value) &&
    (query.ids === undefined || query.ids.includes(item.id)) &&
    (text === undefined || JSON.stringify(item.headers).toLowerCase().includes(text) || (item.lastError ?? '').toLowerCase().includes(text))
  );
}

/** Newest first, as the page lists them: by the time it died, then by id. */
export function newestFirst(a: ConsoleDeadLetter, b: ConsoleDeadLetter): number {
  return a.deadAt === b.deadAt ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.deadAt < b.deadAt ? 1 : -1;
}

/**
 * One page of the hub's dead letters and the adapters' merged newest first. `window` is the hub's
 * own from position `start` on (newest first), `start` being at least the page's offset less the
 * adapters' count, so every hub row of the page is in it; `others` are all the adapters' (sorted
 * or not). Answers the page's rows.
 */
export function mergePage(
  window: readonly ConsoleDeadLetter[],
  start: number,
  others: readonly ConsoleDeadLetter[],
  page: { readonly page: number; readonly pageSize: number },
): ConsoleDeadLetter[] {
  const offset = (page.page - 1) * page.pageSize;
  const sorted = [...others].sort(newestFirst);
  const first = window[0];
  // The adapters' rows before the window's first row come before position `start` + their count.
  const before = start === 0 || first === undefined ? 0 : sorted.filter((item) => newestFirst(item, first) < 0).length;
  const merged = [...window, ...sorted.slice(before)].sort(newestFirst);
  const at = offset - (start + before);
  return merged.slice(Math.max(at, 0), at + page.pageSize);
}
