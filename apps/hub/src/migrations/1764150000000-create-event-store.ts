import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store. The outbox (`@hub/messaging`'s migration, which runs first) gets its link to the
 * events here: every outbox record carries an accepted event.
 */
export class CreateEventStore1764150000000 implements MigrationInterface {
  name = 'CreateEventStore1764150000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE events (
        id               uuid PRIMARY KEY,
        type             text        NOT NULL,
        contract_version integer     NOT NULL,
        agency           text        NOT NULL,
        region           char(6)     NOT NULL,
        subject          text        NOT NULL,
        occurred_at      timestamptz NOT NULL,
        received_at      timestamptz NOT NULL DEFAULT now(),
        correlation_id   text        NOT NULL,
        content_hash     char(64)    NOT NULL,
        envelope         jsonb       NOT NULL
      )`);
    await db.query('CREATE INDEX events_subject_idx ON events (subject, received_at)');
    await db.query('CREATE INDEX events_correlation_idx ON events (correlation_id)');
    await db.query('ALTER TABLE outbox ADD CONSTRAINT outbox_event_id_fkey FOREIGN KEY (event_id) REFERENCES events (id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE outbox DROP CONSTRAINT outbox_event_id_fkey');
    await db.query('DROP TABLE events');
  }
}
