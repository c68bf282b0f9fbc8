import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Public security's copy of work permits. The inbox that deduplicates deliveries and the dead letters
 * are `@hub/messaging`'s tables, made by its migrations.
 */
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
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE work_permits');
  }
}
