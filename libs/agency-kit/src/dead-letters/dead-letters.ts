import type { KafkaBatchMessage } from '@hub/messaging';
import type { DataSource } from 'typeorm';
import type { SubscriptionConsumer } from '../subscription/subscription-consumer.js';

/** A dead letter as operators see it. */
export interface DeadLetterView {
  readonly id: number;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly createdAt: string;
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

/** The newest dead letters first. */
export async function listDeadLetters(db: DataSource, limit: number): Promise<DeadLetterView[]> {
  return db.query<DeadLetterView[]>(
    `SELECT id::int AS id, topic, partition, "offset"::text AS "offset", error_code AS "errorCode", error_message AS "errorMessage",
            to_json(created_at) #>> '{}' AS "createdAt"
       FROM dead_letters ORDER BY id DESC LIMIT $1`,
    [limit],
  );
}

/**
 * Consumes dead letters again through the adapter's own consumer, each in its own transaction that
 * first removes it: a record that now applies (the reader, the data or the database was fixed)
 * leaves the dead letters; one that fails again is parked again with the new reason. The inbox keeps
 * an event applied before from being applied twice. `ids` empty: every dead letter, oldest first.
 */
export async function redriveDeadLetters<E, O>(
  db: DataSource,
  consumer: SubscriptionConsumer<E, O>,
  ids: readonly number[],
): Promise<RedriveResult> {
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
      WHERE cardinality($1::bigint[]) = 0 OR id = ANY($1::bigint[]) ORDER BY topic, partition, "offset"`,
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
