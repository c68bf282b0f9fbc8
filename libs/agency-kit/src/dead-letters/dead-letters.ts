import type { KafkaBatchMessage } from '@hub/messaging';
import type { DataSource, EntityManager } from 'typeorm';

/** A dead letter as operators see it. */
export interface DeadLetterView {
  readonly id: number;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly createdAt: string;
  /** The Kafka headers the record was read with (event id and type, correlation id, subscription, sequence): what a console searches by. */
  readonly headers: Record<string, string>;
}

/** What a redrive did. */
export interface RedriveResult {
  /** Dead letters taken and consumed again. */
  readonly redriven: number;
  /** Of them, records that applied (or were already applied) and left the dead letters. */
  readonly recovered: number;
  /** Records that failed again: parked again, with the new reason. */
  readonly deadLetteredAgain: number;
}

/** A dead letter an operator gave up, kept with why. */
export interface DiscardedDeadLetter {
  readonly id: number;
  readonly resolvedBy: string;
  readonly reason: string;
  readonly resolvedAt: string;
}

/** What consumes a dead letter again: an adapter's SubscriptionConsumer (or several, see firstReading). */
export interface Redriving {
  consumeMessages(
    topic: string,
    partition: number,
    messages: readonly KafkaBatchMessage[],
    before?: (tx: EntityManager) => Promise<void>,
  ): Promise<{ readonly deadLettered: readonly unknown[] }>;
}

/** A consumer that can also say how it reads a record (a SubscriptionConsumer). */
export interface ReadingConsumer extends Redriving {
  parse(message: KafkaBatchMessage): { readonly kind: string };
}

/**
 * For an adapter whose inbound topic several consumers read (each leaving the others' event types
 * alone): a dead letter is consumed again by the first consumer that does not ignore its record,
 * the one that parked it. A record all of them ignore goes to the last, which lets it go.
 */
export function firstReading(...consumers: readonly [ReadingConsumer, ...ReadingConsumer[]]): Redriving {
  return {
    consumeMessages: (topic, partition, messages, before) => {
      const [message] = messages;
      const reader = consumers.find((consumer) => message !== undefined && consumer.parse(message).kind !== 'ignored');
      return (reader ?? consumers[consumers.length - 1]!).consumeMessages(topic, partition, messages, before);
    },
  };
}

/** The newest dead letters still held (not discarded) first. */
export async function listDeadLetters(db: DataSource, limit: number): Promise<DeadLetterView[]> {
  return db.query<DeadLetterView[]>(`${VIEW_SQL} WHERE resolution IS NULL ORDER BY id DESC LIMIT $1`, [limit]);
}

/** One dead letter still held (undefined: never parked, applied by a redrive, or discarded). */
export async function readDeadLetter(db: DataSource, id: number): Promise<DeadLetterView | undefined> {
  const [view] = await db.query<DeadLetterView[]>(`${VIEW_SQL} WHERE resolution IS NULL AND id = $1`, [id]);
  return view;
}

const VIEW_SQL = `SELECT id::int AS id, topic, partition, "offset"::text AS "offset", error_code AS "errorCode", error_message AS "errorMessage",
                         to_json(created_at) #>> '{}' AS "createdAt", headers
                    FROM dead_letters`;

/**
 * Consumes dead letters again through the adapter's own consumer, each in its own transaction that
 * first removes it: a record that now applies (the reader, the data or the database was fixed)
 * leaves the dead letters; one that fails again is parked again with the new reason. The inbox keeps
 * an event applied before from being applied twice. `ids` empty: every dead letter still held,
 * oldest first (by partition and offset, the column's numeric order: the output column `offset` is
 * text); a discarded one is never redriven.
 */
export async function redriveDeadLetters(db: DataSource, consumer: Redriving, ids: readonly number[]): Promise<RedriveResult> {
  const rows = await db.query<
    {
      id: string;
      topic: string;
      partition: number;
      offset: string;
      message_key: string | null;
      payload: string;
      headers: Record<string, string>;
    }[]
  >(
    `SELECT id::text, topic, partition, "offset"::text AS "offset", message_key, payload, headers FROM dead_letters
      WHERE resolution IS NULL AND (cardinality($1::bigint[]) = 0 OR id = ANY($1::bigint[]))
      ORDER BY dead_letters.topic, dead_letters.partition, dead_letters."offset"`,
    [ids],
  );
  let deadLetteredAgain = 0;
  for (const row of rows) {
    const message: KafkaBatchMessage = {
      key: row.message_key,
      value: Buffer.from(row.payload, 'utf8'),
      headers: row.headers,
      offset: row.offset,
      timestamp: '0',
    };
    const outcome = await consumer.consumeMessages(row.topic, row.partition, [message], async (tx) => {
      await tx.query('DELETE FROM dead_letters WHERE id = $1', [row.id]);
    });
    deadLetteredAgain += outcome.deadLettered.length;
  }
  return { redriven: rows.length, recovered: rows.length - deadLetteredAgain, deadLetteredAgain };
}

/**
 * Gives up a dead letter: it stays in the table, marked discarded with who did it and why, and
 * leaves the lists, counts and redrives. Undefined when `id` names no dead letter still held.
 */
export async function discardDeadLetter(
  db: DataSource,
  id: number,
  reason: string,
  resolvedBy: string,
): Promise<DiscardedDeadLetter | undefined> {
  const [row] = await db.query<DiscardedDeadLetter[]>(
    // Through a CTE: TypeORM answers a bare UPDATE … RETURNING as [rows, count].
    `WITH discarded AS (
       UPDATE dead_letters SET resolution = 'discarded', resolved_at = now(), resolved_by = $2, resolution_reason = $3
        WHERE id = $1 AND resolution IS NULL
        RETURNING id, resolved_by, resolution_reason, resolved_at)
     SELECT id::int AS id, resolved_by AS "resolvedBy", resolution_reason AS reason, to_json(resolved_at) #>> '{}' AS "resolvedAt" FROM discarded`,
    [id, resolvedBy, reason],
  );
  return row;
}
