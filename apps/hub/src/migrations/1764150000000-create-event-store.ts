import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The event store and the transactional outbox. */
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
    await db.query(`
      CREATE TABLE outbox (
        id          bigserial PRIMARY KEY,
        event_id    uuid        NOT NULL REFERENCES events (id),
        topic       text        NOT NULL,
        message_key text        NOT NULL,
        payload     text        NOT NULL,
        headers     jsonb       NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        attempts    integer     NOT NULL DEFAULT 0,
        last_error  text
      )`);
    await db.query('CREATE INDEX outbox_event_idx ON outbox (event_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE outbox');
    await db.query('DROP TABLE events');
  }
}
