import type { EntityManager } from 'typeorm';

/** The Postgres channel the relay listens on; notified in the same transaction as the rows. */
export const OUTBOX_CHANNEL = 'outbox_ready';

/** One record to publish. */
export interface OutboxEntry {
  readonly eventId: string;
  readonly topic: string;
  readonly key: string;
  readonly payload: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Adds records to the outbox inside the caller's transaction and wakes the relay when that
 * transaction commits (NOTIFY is delivered at commit, and not at all on rollback).
 */
export async function appendToOutbox(manager: EntityManager, entries: readonly OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await manager.query(
    `INSERT INTO outbox (event_id, topic, message_key, payload, headers)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
    [
      entries.map((e) => e.eventId),
      entries.map((e) => e.topic),
      entries.map((e) => e.key),
      entries.map((e) => e.payload),
      entries.map((e) => JSON.stringify(e.headers)),
    ],
  );
  await notifyOutbox(manager);
}

/** Wakes the relay when the caller's transaction commits. */
async function notifyOutbox(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
}
