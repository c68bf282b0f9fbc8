import type { EntityManager } from 'typeorm';

/** An event's first delivery: recorded in the inbox so a redelivered or replayed copy changes nothing. */
export interface InboxEntry {
  readonly eventId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly subscriptionId: string;
  readonly sequence: number | null;
  readonly replayId: string | null;
}

/**
 * Records each event id in the `inbox` table (`@hub/messaging`'s CreateInbox migration) in the
 * caller's transaction, so the row commits with the event's effect; returns the ids seen now for
 * the first time.
 */
export async function admitToInbox(tx: EntityManager, entries: readonly InboxEntry[]): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  const rows = await tx.query<{ event_id: string }[]>(
    `INSERT INTO inbox (event_id, topic, partition, "offset", subscription_id, sequence, replay_id)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::bigint[], $5::uuid[], $6::bigint[], $7::uuid[])
     ON CONFLICT (event_id) DO NOTHING
     RETURNING event_id`,
    [
      entries.map((e) => e.eventId),
      entries.map((e) => e.topic),
      entries.map((e) => e.partition),
      entries.map((e) => e.offset),
      entries.map((e) => e.subscriptionId),
      entries.map((e) => e.sequence),
      entries.map((e) => e.replayId),
    ],
  );
  return new Set(rows.map((row) => row.event_id));
}
