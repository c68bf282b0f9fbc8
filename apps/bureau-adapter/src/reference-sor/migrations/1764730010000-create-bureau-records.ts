import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reference bureau's system of record, schema `fwp` (外国人来华工作管理服务系统), as a provincial
 * bureau's database looks: its own ids and business numbers, a `version` its application raises on
 * every change, `created_at`/`updated_at`, employers by 统一社会信用代码. The hub owns none of it.
 */
export class CreateBureauRecords1764730010000 implements MigrationInterface {
  name = 'CreateBureauRecords1764730010000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE SCHEMA fwp');
    await db.query(`
      CREATE TABLE fwp.employer (
        employer_id   bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        uscc          char(18)    NOT NULL UNIQUE CHECK (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'),
        name_zh       text        NOT NULL,
        name_en       text,
        region_code   char(6)     NOT NULL CHECK (region_code ~ '^[1-8][0-9]{5}$'),
        address       text,
        version       integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`COMMENT ON COLUMN fwp.employer.uscc IS '统一社会信用代码 (GB 32100)'`);
    await db.query(`
      CREATE TABLE fwp.holder (
        holder_id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        family_name     text        NOT NULL,
        given_names     text        NOT NULL,
        name_zh         text,
        gender          char(1)     NOT NULL CHECK (gender IN ('M', 'F', 'X')),
        birth_date      date        NOT NULL,
        nationality     char(3)     NOT NULL,
        passport_no     text        NOT NULL,
        passport_expiry date,
        version         integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (nationality, passport_no)
      )`);
    await db.query(`
      CREATE TABLE fwp.application (
        application_id  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        application_no  text        NOT NULL UNIQUE,
        holder_id       bigint      NOT NULL REFERENCES fwp.holder,
        employer_id     bigint      NOT NULL REFERENCES fwp.employer,
        permit_class    char(1)     NOT NULL CHECK (permit_class IN ('A', 'B', 'C')),
        points          integer,
        position_title  text        NOT NULL,
        occupation_code text,
        work_region     char(6)     NOT NULL,
        status          text        NOT NULL CHECK (status IN ('SUBMITTED', 'ACCEPTED', 'APPROVED', 'REJECTED', 'WITHDRAWN')),
        submitted_at    timestamptz NOT NULL,
        decided_at      timestamptz,
        version         integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE fwp.permit (
        permit_id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        permit_no         char(18)    NOT NULL UNIQUE CHECK (permit_no ~ '^[0-9]{18}$'),
        application_id    bigint      NOT NULL REFERENCES fwp.application,
        holder_id         bigint      NOT NULL REFERENCES fwp.holder,
        employer_id       bigint      NOT NULL REFERENCES fwp.employer,
        permit_class      char(1)     NOT NULL CHECK (permit_class IN ('A', 'B', 'C')),
        points            integer,
        position_title    text        NOT NULL,
        occupation_code   text,
        work_region       char(6)     NOT NULL,
        issued_on         date        NOT NULL,
        valid_from        date        NOT NULL,
        valid_until       date        NOT NULL CHECK (valid_until > valid_from),
        status            text        NOT NULL CHECK (status IN ('VALID', 'REVOKED', 'CANCELLED', 'EXPIRED')),
        status_reason     text,
        status_changed_on date,
        version           integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX permit_holder_idx ON fwp.permit (holder_id)');
    await db.query('CREATE INDEX permit_employer_idx ON fwp.permit (employer_id)');
    await db.query(`
      CREATE TABLE fwp.document (
        document_id     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        application_id  bigint      NOT NULL REFERENCES fwp.application,
        doc_type        text        NOT NULL CHECK (doc_type IN ('PASSPORT', 'DEGREE', 'WORK_EXPERIENCE', 'NO_CRIMINAL_RECORD', 'HEALTH_CHECK', 'EMPLOYMENT_CONTRACT')),
        file_name       text        NOT NULL,
        sha256          char(64)    NOT NULL,
        received_at     timestamptz NOT NULL,
        version         integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP SCHEMA fwp CASCADE');
  }
}
