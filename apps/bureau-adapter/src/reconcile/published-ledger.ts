import type { EntityManager } from 'typeorm';
import { lockPublishedEvents } from '../capture/lock-published-events.js';
import type { PublishedEvent } from '../capture/sync-ports.js';
import type { PermitRecord } from '../permits/permit-record.js';
import type { Queryable } from './read-bureau-records.js';

/** The adapter's store as a reconciliation uses it: its record of what was published, and a transaction to add to it. */
export interface AdapterStore extends Queryable {
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T>;
}

/** Each record as the adapter last published it (`bureau_sync.published_permit`), by record id. */
export async function readPublished(store: Queryable, recordIds: readonly string[]): Promise<Map<string, PermitRecord>> {
  if (recordIds.length === 0) return new Map();
  const rows = await store.query<{ record_id: string; record: PermitRecord }[]>(
    'SELECT record_id, record FROM bureau_sync.published_permit WHERE record_id = ANY($1::text[])',
    [recordIds],
  );
  return new Map(rows.map((row) => [row.record_id, row.record]));
}

/**
 * Records what a repair republished as the sync records what it publishes: the permit as published
 * (never moved back to an older version the sync published meanwhile) and each event, so the hub's
 * answers on the outcomes topic find their record (an answer that came first is completed here, under
 * the same lock as the sync's commit).
 */
export async function recordRepublished(
  store: AdapterStore,
  permits: readonly PermitRecord[],
  events: readonly PublishedEvent[],
): Promise<void> {
  if (permits.length === 0) return;
  await store.transaction(async (tx) => {
    for (const record of permits) {
      await tx.query(
        `INSERT INTO bureau_sync.published_permit (record_id, version, record) VALUES ($1, $2, $3)
         ON CONFLICT (record_id) DO UPDATE SET version = EXCLUDED.version, record = EXCLUDED.record, published_at = now()
         WHERE bureau_sync.published_permit.version <= EXCLUDED.version`,
        [record.recordId, record.version, record],
      );
    }
    if (events.length === 0) return;
    await lockPublishedEvents(tx);
    const columns = [
      events.map((e) => e.eventId),
      events.map((e) => e.recordId),
      events.map((e) => e.recordVersion),
      events.map((e) => e.type),
    ];
    await tx.query(
      `INSERT INTO bureau_sync.published_event (event_id, record_id, record_version, event_type)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[]) ON CONFLICT (event_id) DO NOTHING`,
      columns,
    );
    // An answer the hub gave before this commit (it needs only Kafka's ack): give it the record, and the event its outcome.
    await tx.query(
      `WITH answered AS (
         UPDATE bureau_sync.refusal r SET record_id = e.record_id, record_version = e.record_version, event_type = e.event_type
         FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[]) AS e(event_id, record_id, record_version, event_type)
         WHERE r.origin = 'hub' AND r.event_id = e.event_id AND r.record_id IS NULL
         RETURNING r.event_id, r.status, r.refused_at)
       UPDATE bureau_sync.published_event p SET outcome = a.status, outcome_at = a.refused_at FROM answered a
       WHERE p.event_id = a.event_id AND p.outcome IS NULL`,
      columns,
    );
  });
}
