import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Foreign affairs' own records: the work-permit notices a Z visa rests on (as the hub's
 * `mfa-visa-basis` projection gives them), each applicant's latest notice, and the visas its posts
 * issued on them.
 */
export class CreateVisaRecords1764860000100 implements MigrationInterface {
  name = 'CreateVisaRecords1764860000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE work_permit_notices (
        notice_no       text        PRIMARY KEY,
        subject_id      text,
        nationality     char(3)     NOT NULL,
        passport_no     text        NOT NULL,
        holder_name     text        NOT NULL,
        birth_date      date        NOT NULL,
        employer_name   text        NOT NULL,
        position        text        NOT NULL,
        permit_class    text        NOT NULL,
        visa_category   text        NOT NULL,
        issued_on       date        NOT NULL,
        valid_until     date        NOT NULL CHECK (valid_until >= issued_on),
        region          char(6)     NOT NULL,
        source_event_id uuid        NOT NULL,
        event_time      timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE visa_applicants (
        nationality      char(3)     NOT NULL,
        passport_no      text        NOT NULL,
        latest_notice_no text        NOT NULL REFERENCES work_permit_notices (notice_no),
        notices          integer     NOT NULL,
        updated_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (nationality, passport_no)
      )`);
    await db.query(`
      CREATE TABLE visas (
        visa_no      text        PRIMARY KEY,
        notice_no    text        NOT NULL UNIQUE REFERENCES work_permit_notices (notice_no),
        category     text        NOT NULL,
        entries      text        NOT NULL,
        issued_on    date        NOT NULL,
        valid_from   date        NOT NULL,
        valid_to     date        NOT NULL,
        issuing_post text        NOT NULL,
        event_id     uuid        NOT NULL,
        decided_by   text        NOT NULL,
        decided_at   timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE visas');
    await db.query('DROP TABLE visa_applicants');
    await db.query('DROP TABLE work_permit_notices');
  }
}
