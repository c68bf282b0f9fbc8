import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox that makes a consumer idempotent: one row per applied event, written in the same
 * transaction as its effects, so a record Kafka delivers again is recognised and skipped. A record
 * from an agency's inbound topic also notes the subscription, sequence and replay that brought it.
 *
 * Idempotent, column by column: databases migrated before this library owned the table have it
 * already, from the adapter's own migrations.
 */
export class CreateInbox1764140000001 implements MigrationInterface {
  name = 'CreateInbox1764140000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE IF NOT EXISTS inbox (
        event_id    uuid        PRIMARY KEY,
        topic       text        NOT NULL,
        partition   integer     NOT NULL,
        "offset"    bigint      NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      ALTER TABLE inbox
        ADD COLUMN IF NOT EXISTS subscription_id uuid,
        ADD COLUMN IF NOT EXISTS sequence        bigint,
        ADD COLUMN IF NOT EXISTS replay_id       uuid`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE inbox');
  }
}
