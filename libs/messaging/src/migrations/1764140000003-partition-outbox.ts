import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Relay partitions, so that several relays publish at once without breaking a subject's order: each
 * outbox row carries `relay_partition`, a hash of its message key (the subject) modulo the count in
 * `outbox_settings`, computed by the outbox writer as it inserts. All of a subject's rows share one
 * partition, and a relay publishes only the partitions whose advisory lock it holds.
 *
 * The count lives in the database, not in each process's settings, so that every writer and every
 * relay agrees on it. It changes only while the outbox is empty (README, "Outbox partitions").
 * Rows already queued when this runs get their partition here.
 *
 * Idempotent, like the outbox's own migration.
 */
export class PartitionOutbox1764140000003 implements MigrationInterface {
  name = 'PartitionOutbox1764140000003';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE IF NOT EXISTS outbox_settings (
        only_row         boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        relay_partitions integer NOT NULL CHECK (relay_partitions BETWEEN 1 AND 1024)
      )`);
    await db.query('INSERT INTO outbox_settings (relay_partitions) VALUES (16) ON CONFLICT (only_row) DO NOTHING');
    await db.query('ALTER TABLE outbox ADD COLUMN IF NOT EXISTS relay_partition integer');
    await db.query(`
      UPDATE outbox SET relay_partition = ((hashtextextended(message_key, 0) & 2147483647) % (SELECT relay_partitions FROM outbox_settings))::int
       WHERE relay_partition IS NULL`);
    await db.query('ALTER TABLE outbox ALTER COLUMN relay_partition SET NOT NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE outbox DROP COLUMN relay_partition');
    await db.query('DROP TABLE outbox_settings');
  }
}
