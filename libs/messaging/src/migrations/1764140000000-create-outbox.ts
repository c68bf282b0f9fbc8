import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox: records written in the same transaction as the state they announce,
 * moved to Kafka by the relay. `event_id` names the accepted event each record carries; an app that
 * keeps its events in a table of its own links the column to it in its own migration.
 *
 * Idempotent: databases migrated before this library owned the table already have it, made by the
 * hub's event-store migration in the same shape.
 */
export class CreateOutbox1764140000000 implements MigrationInterface {
  name = 'CreateOutbox1764140000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE IF NOT EXISTS outbox (
        id          bigserial PRIMARY KEY,
        event_id    uuid        NOT NULL,
        topic       text        NOT NULL,
        message_key text        NOT NULL,
        payload     text        NOT NULL,
        headers     jsonb       NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        attempts    integer     NOT NULL DEFAULT 0,
        last_error  text
      )`);
    await db.query('CREATE INDEX IF NOT EXISTS outbox_event_idx ON outbox (event_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE outbox');
  }
}
