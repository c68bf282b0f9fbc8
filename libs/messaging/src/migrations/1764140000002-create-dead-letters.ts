import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consumed records that can never be applied (not an event, or a payload that breaks its contract),
 * kept whole with the reason so they never block the records behind them and can be inspected and
 * redriven. One row per record: its topic, partition and offset.
 *
 * Idempotent: databases migrated before this library owned the table already have it, made by the
 * hub's or the adapter's own migrations in the same shape.
 */
export class CreateDeadLetters1764140000002 implements MigrationInterface {
  name = 'CreateDeadLetters1764140000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE IF NOT EXISTS dead_letters (
        id            bigserial   PRIMARY KEY,
        topic         text        NOT NULL,
        partition     integer     NOT NULL,
        "offset"      bigint      NOT NULL,
        message_key   text,
        payload       text        NOT NULL,
        headers       jsonb       NOT NULL,
        error_code    text        NOT NULL,
        error_message text        NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        UNIQUE (topic, partition, "offset")
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE dead_letters');
  }
}
