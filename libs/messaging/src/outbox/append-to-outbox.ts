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
 * A row's relay partition: a hash of its key modulo the count the database holds, so all of a
 * subject's records share one partition (and so one relay at a time). `hashtextextended` is the
 * hash PostgreSQL's own hash partitioning uses, which it keeps stable across major versions; the
 * subquery runs once per statement.
 */
const RELAY_PARTITION_OF_KEY = '((hashtextextended(q.message_key, 0) & 2147483647) % (SELECT relay_partitions FROM outbox_settings))::int';

/**
 * The one writer of outbox rows, as two CTEs to embed in a statement: `queued` inserts one row per
 * row of `select`, which yields event_id (uuid), topic, message_key, payload (text) and headers
 * (jsonb) and should end in ORDER BY (the relay publishes each partition in insertion order, which
 * keeps each key's records in order), and gives each row its relay partition; `notified` wakes the
 * relay when the transaction commits (NOTIFY is delivered at commit, and not at all on rollback),
 * once, and only if a row was queued.
 * `channelParameter` is the placeholder bound to OUTBOX_CHANNEL (e.g. `$2`). The statement must
 * read `notified` (e.g. `(SELECT count(*) FROM notified)`): PostgreSQL skips a plain SELECT CTE
 * that nothing reads.
 */
export function outboxInsertCtes(select: string, channelParameter: string): string {
  return `queued AS (
       INSERT INTO outbox (event_id, topic, message_key, payload, headers, relay_partition)
       SELECT q.event_id, q.topic, q.message_key, q.payload, q.headers, ${RELAY_PARTITION_OF_KEY}
         FROM (${select}) AS q (event_id, topic, message_key, payload, headers)
       RETURNING 1
     ), notified AS (
       SELECT pg_notify(${channelParameter}, '') FROM (SELECT 1 FROM queued LIMIT 1) AS any_queued
     )`;
}

/** Adds records to the outbox, in order, inside the caller's transaction, and wakes the relay when it commits. */
export async function appendToOutbox(manager: EntityManager, entries: readonly OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = `SELECT event_id, topic, message_key, payload, headers
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[])
           WITH ORDINALITY AS u(event_id, topic, message_key, payload, headers, ord)
        ORDER BY ord`;
  await manager.query(`WITH ${outboxInsertCtes(rows, '$6')} SELECT count(*) FROM notified`, [
    entries.map((e) => e.eventId),
    entries.map((e) => e.topic),
    entries.map((e) => e.key),
    entries.map((e) => e.payload),
    entries.map((e) => JSON.stringify(e.headers)),
    OUTBOX_CHANNEL,
  ]);
}
