import type { Queryable } from './read-bureau-records.js';
import type { RecordDifference } from './record-differences.js';

/** How far before the first publish a replay from a time starts (clocks of the adapter and the hub differ a little). */
const MARGIN_MS = 10 * 60_000;
const MAX_EVENT_IDS = 1000;

/**
 * The replay public security's operator runs so the hub delivers again what its copy lacks or holds
 * older: the hub's `POST /v1/subscriptions/{id}/replays` on public security's work-permit
 * subscription (its id is listed by `GET /v1/subscriptions` with public security's API key), from a
 * time just before the adapter first published those records' events, or from sequence 1 when the
 * adapter has no record of publishing one of them (e.g. history older than the adapter's store).
 */
export interface PsbReplay {
  /** The record ids the replay is for. */
  readonly records: readonly string[];
  readonly request: 'POST /v1/subscriptions/{subscriptionId}/replays';
  readonly body: { readonly fromTime: string } | { readonly fromSequence: 1 };
  /** The events of those records the adapter published (at most 1000), to find them in the replay's deliveries. */
  readonly eventIds: readonly string[];
  readonly note: string;
}

const NOTE =
  'Public security’s operator replays its work-permit subscription with this body (with public security’s API key at the hub); ' +
  'its adapter applies the events it has not recorded, so a permit it never received arrives. A row altered or deleted at public ' +
  'security after its events were recorded is not changed by a replay (the adapter’s inbox has them): rebuild the copy by replay ' +
  'from sequence 1 on an empty database (README, public security’s adapter, "Rebuilding").';

/**
 * The replay for the records public security lacks or holds older than the bureau, leaving out those
 * the hub itself lacks or holds at another version (they reach public security once the hub has
 * them: republish with --repair). Undefined when nothing is to be replayed.
 */
export async function psbReplayOf(store: Queryable, differences: readonly RecordDifference[]): Promise<PsbReplay | undefined> {
  const atHubWrong = new Set(
    differences.filter((d) => d.kind === 'missing' || (d.kind === 'different' && d.reason !== 'content')).map((d) => d.recordId),
  );
  const records = differences
    .filter((d) => d.kind === 'missingAtPsb' || (d.kind === 'differentAtPsb' && d.reason === 'psb-older'))
    .map((d) => d.recordId)
    .filter((id) => !atHubWrong.has(id));
  if (records.length === 0) return undefined;
  const events = await store.query<{ event_id: string; record_id: string; published_at: Date }[]>(
    `SELECT event_id::text, record_id, published_at FROM bureau_sync.published_event
      WHERE record_id = ANY($1::text[]) ORDER BY published_event.published_at, published_event.event_id`,
    [records],
  );
  const published = new Set(events.map((e) => e.record_id));
  const first = events[0]?.published_at;
  const body =
    first && records.every((id) => published.has(id))
      ? { fromTime: new Date(new Date(first).getTime() - MARGIN_MS).toISOString() }
      : { fromSequence: 1 as const };
  return {
    records,
    request: 'POST /v1/subscriptions/{subscriptionId}/replays',
    body,
    eventIds: events.slice(0, MAX_EVENT_IDS).map((e) => e.event_id),
    note: NOTE,
  };
}
