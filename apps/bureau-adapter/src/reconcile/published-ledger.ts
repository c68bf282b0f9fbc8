import type { EntityManager } from 'typeorm';
import { recordPublishedEvents } from '../capture/record-published-events.js';
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
 * (never moved back to an older version the sync published meanwhile; only permits of the system of
 * record, which change capture compares its next change with) and each event, so the hub's
 * answers on the outcomes topic find their record (an answer that came first is completed here, under
 * the same lock as the sync's commit).
 */
export async function recordRepublished(
  store: AdapterStore,
  permits: readonly PermitRecord[],
  events: readonly PublishedEvent[],
): Promise<void> {
  if (permits.length === 0 && events.length === 0) return;
  await store.transaction(async (tx) => {
    for (const record of permits) {
      await tx.query(
        `INSERT INTO bureau_sync.published_permit (record_id, version, record) VALUES ($1, $2, $3)
         ON CONFLICT (record_id) DO UPDATE SET version = EXCLUDED.version, record = EXCLUDED.record, published_at = now()
         WHERE bureau_sync.published_permit.version <= EXCLUDED.version`,
        [record.recordId, record.version, record],
      );
    }
    await recordPublishedEvents(tx, events);
  });
}
