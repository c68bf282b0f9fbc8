import type { EntityManager } from 'typeorm';
import { recordPublishedEvents } from '../capture/record-published-events.js';
import type { ApplicationRecord } from '../applications/application-record.js';
import type { PublishedEvent, RecordChange } from '../capture/sync-ports.js';
import type { PermitRecord } from '../permits/permit-record.js';
import type { Queryable } from './read-bureau-records.js';

/** The adapter's store as a reconciliation uses it: its record of what was published, and a transaction to add to it. */
export interface AdapterStore extends Queryable {
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T>;
}

/** The record each kind is published as. */
interface PublishedOfKind {
  readonly permit: PermitRecord;
  readonly application: ApplicationRecord;
}

const PUBLISHED_TABLE: Record<RecordChange['kind'], string> = {
  permit: 'bureau_sync.published_permit',
  application: 'bureau_sync.published_application',
};

/** Each record of `kind` as the adapter last published it (`bureau_sync.published_permit`, `…published_application`), by record id. */
export async function readPublished<K extends RecordChange['kind']>(
  store: Queryable,
  kind: K,
  recordIds: readonly string[],
): Promise<Map<string, PublishedOfKind[K]>> {
  if (recordIds.length === 0) return new Map();
  const rows = await store.query<{ record_id: string; record: PublishedOfKind[K] }[]>(
    `SELECT record_id, record FROM ${PUBLISHED_TABLE[kind]} WHERE record_id = ANY($1::text[])`,
    [recordIds],
  );
  return new Map(rows.map((row) => [row.record_id, row.record]));
}

/**
 * Records what a repair republished as the sync records what it publishes: the record as published
 * (never moved back to an older version the sync published meanwhile; only records of the system of
 * record, which change capture compares its next change with) and each event, so the hub's
 * answers on the outcomes topic find their record (an answer that came first is completed here, under
 * the same lock as the sync's commit).
 */
export async function recordRepublished(
  store: AdapterStore,
  records: readonly Pick<RecordChange, 'kind' | 'record'>[],
  events: readonly PublishedEvent[],
): Promise<void> {
  if (records.length === 0 && events.length === 0) return;
  await store.transaction(async (tx) => {
    for (const { kind, record } of records) {
      const table = PUBLISHED_TABLE[kind];
      await tx.query(
        `INSERT INTO ${table} AS held (record_id, version, record) VALUES ($1, $2, $3)
         ON CONFLICT (record_id) DO UPDATE SET version = EXCLUDED.version, record = EXCLUDED.record, published_at = now()
         WHERE held.version <= EXCLUDED.version`,
        [record.recordId, record.version, record],
      );
    }
    await recordPublishedEvents(tx, events);
  });
}
