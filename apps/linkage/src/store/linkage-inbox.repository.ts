import type { Delivery } from '@hub/agency-kit';
import type { EntityManager } from 'typeorm';
import type { ChainEvent } from '../chain/person-chain.types.js';

/** An event as received and applied: the event, the delivery that brought it, the day it was decided on. */
export interface InboxEntry {
  readonly event: ChainEvent;
  readonly delivery: Delivery | null;
  readonly asOf: string;
}

/** An event of the inbox in the order it was applied, for a rebuild. */
export interface ReceivedEvent {
  readonly arrival: number;
  readonly event: ChainEvent;
  readonly asOf: string;
  readonly receivedAt: string;
}

/**
 * `linkage_inbox`: every event the service applied, exactly as received, once by id. It makes
 * applying idempotent (a redelivered or replayed event is found here and changes nothing) and is
 * the log a rebuild replays, in the order of `arrival`.
 */
export class LinkageInboxRepository {
  /** The ids among these that were applied before. */
  async known(tx: EntityManager, eventIds: readonly string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const rows = await tx.query<{ event_id: string }[]>('SELECT event_id FROM linkage_inbox WHERE event_id = ANY($1::uuid[])', [
      [...new Set(eventIds)],
    ]);
    return new Set(rows.map((row) => row.event_id));
  }

  /** Records the events, in this order (their arrival), in one statement; one already there is left as it was. */
  async admit(tx: EntityManager, entries: readonly InboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const column = <T>(pick: (entry: InboxEntry) => T): T[] => entries.map(pick);
    await tx.query(
      `INSERT INTO linkage_inbox (event_id, subject, event_type, event_time, subscription_id, sequence, event, as_of)
       SELECT event_id, subject, event_type, event_time, subscription_id, sequence, event, as_of
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::uuid[], $6::bigint[], $7::jsonb[], $8::date[])
              WITH ORDINALITY AS row (event_id, subject, event_type, event_time, subscription_id, sequence, event, as_of, n)
        ORDER BY n
       ON CONFLICT (event_id) DO NOTHING`,
      [
        column(({ event }) => event.id),
        column(({ event }) => event.subject),
        column(({ event }) => event.type),
        column(({ event }) => event.time),
        column(({ delivery }) => delivery?.subscriptionId ?? null),
        column(({ delivery }) => delivery?.sequence ?? null),
        column(({ event }) => JSON.stringify(event)),
        column(({ asOf }) => asOf),
      ],
    );
  }

  /**
   * Up to `limit` events applied after `afterArrival`, in the order they were applied. The order
   * names the table's column: a bare `arrival` would be the output column `arrival::text`, in whose
   * order 1000 comes before 2 and a page would skip events.
   */
  async after(tx: EntityManager, afterArrival: number, limit: number): Promise<ReceivedEvent[]> {
    const rows = await tx.query<{ arrival: string; event: ChainEvent; as_of: string; received_at: string }[]>(
      `SELECT arrival::text, event, to_char(as_of, 'YYYY-MM-DD') AS as_of, to_json(received_at) #>> '{}' AS received_at
         FROM linkage_inbox WHERE arrival > $1 ORDER BY linkage_inbox.arrival LIMIT $2`,
      [afterArrival, limit],
    );
    return rows.map((row) => ({ arrival: Number(row.arrival), event: row.event, asOf: row.as_of, receivedAt: row.received_at }));
  }
}
