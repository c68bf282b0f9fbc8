import type { EntityManager } from 'typeorm';

/** Where a consumed event came from. */
export interface InboxEntry {
  readonly eventId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * Records consumed event ids in the `inbox` table inside the caller's transaction and returns the
 * ids seen for the first time. The caller applies only those, so a redelivered or replayed event
 * changes nothing (deduplication by event id, committed together with its effect).
 */
export async function recordInInbox(manager: EntityManager, entries: readonly InboxEntry[]): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  const rows = await manager.query<{ event_id: string }[]>(
    `INSERT INTO inbox (event_id, topic, partition, "offset")
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::bigint[])
     ON CONFLICT (event_id) DO NOTHING
     RETURNING event_id`,
    [entries.map((e) => e.eventId), entries.map((e) => e.topic), entries.map((e) => e.partition), entries.map((e) => e.offset)],
  );
  return new Set(rows.map((row) => row.event_id));
}
