import type { EntityManager } from 'typeorm';

/** A consumed record that can never be applied, and why. */
export interface DeadLetterEntry {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly payload: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly errorCode: string;
  readonly errorMessage: string;
}

/**
 * Parks records that fail for a non-retriable reason (a payload that breaks its contract) in the
 * `dead_letters` table, in the same transaction as the rest of the batch, so one poison record never
 * blocks the records behind it and is kept whole for inspection and redrive.
 */
export async function recordDeadLetters(manager: EntityManager, entries: readonly DeadLetterEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await manager.query(
    `INSERT INTO dead_letters (topic, partition, "offset", message_key, payload, headers, error_code, error_message)
     SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::jsonb[], $7::text[], $8::text[])
     ON CONFLICT (topic, partition, "offset") DO NOTHING`,
    [
      entries.map((e) => e.topic),
      entries.map((e) => e.partition),
      entries.map((e) => e.offset),
      entries.map((e) => e.key),
      entries.map((e) => e.payload),
      entries.map((e) => JSON.stringify(e.headers)),
      entries.map((e) => e.errorCode),
      entries.map((e) => e.errorMessage),
    ],
  );
}
