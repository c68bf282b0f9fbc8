import type { MigrationInterface, QueryRunner } from 'typeorm';

// The adapter's migrations that created and changed the inbox, the dead letters and the sequence
// tables, as they were released before `@hub/messaging` and `@hub/agency-kit` owned those tables: a
// database migrated with them must keep migrating.

/** Work permits, the inbox and dead letters. */
export class ReleasedCreateWorkPermitRecords1764150100000 implements MigrationInterface {
  name = 'CreateWorkPermitRecords1764150100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE work_permits (
        permit_no            char(18)    PRIMARY KEY,
        subject_id           text        NOT NULL,
        permit_class         char(1)     NOT NULL,
        status               text        NOT NULL,
        holder_name          text        NOT NULL,
        passport_no          text        NOT NULL,
        nationality          char(3)     NOT NULL,
        birth_date           date        NOT NULL,
        employer_name        text        NOT NULL,
        employer_credit_code char(18)    NOT NULL,
        position             text        NOT NULL,
        valid_from           date        NOT NULL,
        valid_to             date        NOT NULL,
        region               char(6)     NOT NULL,
        source_event_id      uuid        NOT NULL,
        correlation_id       text        NOT NULL,
        event_time           timestamptz NOT NULL,
        recorded_at          timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX work_permits_subject_idx ON work_permits (subject_id)');
    await db.query(`
      CREATE TABLE inbox (
        event_id    uuid        PRIMARY KEY,
        topic       text        NOT NULL,
        partition   integer     NOT NULL,
        "offset"    bigint      NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
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
    await db.query('DROP TABLE inbox');
    await db.query('DROP TABLE work_permits');
  }
}

/** Reading the inbound topic: the inbox learns the subscription, sequence and replay. */
export class ReleasedReceiveFromInboundTopic1764340000000 implements MigrationInterface {
  name = 'ReceiveFromInboundTopic1764340000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE work_permits
        DROP COLUMN employer_name,
        DROP COLUMN employer_credit_code,
        DROP COLUMN position,
        ADD COLUMN status_on     date,
        ADD COLUMN status_reason text,
        ADD COLUMN extended_on   date,
        ADD COLUMN changed_on    date`);
    await db.query(`
      ALTER TABLE inbox
        ADD COLUMN subscription_id uuid,
        ADD COLUMN sequence        bigint,
        ADD COLUMN replay_id       uuid`);
    await db.query(`
      CREATE TABLE subscription_sequences (
        subscription_id uuid        PRIMARY KEY,
        through         bigint      NOT NULL,
        gap_expected    bigint,
        gap_since       timestamptz,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE sequences_ahead (
        subscription_id uuid   NOT NULL,
        sequence        bigint NOT NULL,
        PRIMARY KEY (subscription_id, sequence)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE sequences_ahead');
    await db.query('DROP TABLE subscription_sequences');
    await db.query('ALTER TABLE inbox DROP COLUMN subscription_id, DROP COLUMN sequence, DROP COLUMN replay_id');
    // What the dropped columns held is gone; they come back empty.
    await db.query(`
      ALTER TABLE work_permits
        DROP COLUMN status_on, DROP COLUMN status_reason, DROP COLUMN extended_on, DROP COLUMN changed_on,
        ADD COLUMN employer_name        text     NOT NULL DEFAULT '',
        ADD COLUMN employer_credit_code char(18) NOT NULL DEFAULT '',
        ADD COLUMN position             text     NOT NULL DEFAULT ''`);
  }
}
