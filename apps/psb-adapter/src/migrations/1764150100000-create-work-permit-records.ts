import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Public security's copy of work permits, the inbox that deduplicates deliveries, and dead letters. */
export class CreateWorkPermitRecords1764150100000 implements MigrationInterface {
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
