import type { MigrationInterface, QueryRunner } from 'typeorm';

// The hub's migrations that created the outbox and the dead letters, as they were released before
// `@hub/messaging` owned those tables: a database migrated with them must keep migrating.

/** The event store and the transactional outbox. */
export class ReleasedCreateEventStore1764150000000 implements MigrationInterface {
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

/** The dispatcher's dead letters. */
export class ReleasedCreateDispatchDeadLetters1764320000000 implements MigrationInterface {
  name = 'CreateDispatchDeadLetters1764320000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE dead_letters (
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
