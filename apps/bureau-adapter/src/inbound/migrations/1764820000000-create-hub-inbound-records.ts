import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the bureau receives from other agencies, kept beside its own records in the bureau's database
 * under the adapter's schema `hub_inbound` (the bureau's application tables are not changed):
 * the people the hub names by subject id, residence permits, visas, credit records and linkage
 * cases, each row made from the newest event about it; and the view `holder_standing`, one row per
 * holder of the bureau's `fwp.holder` with their current residence status and open cases. Runs with
 * `search_path = hub_inbound`, after the inbox, dead-letter and sequence tables of the kit.
 */
export class CreateHubInboundRecords1764820000000 implements MigrationInterface {
  name = 'CreateHubInboundRecords1764820000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE hub_inbound.person (
        subject_id  text        PRIMARY KEY,
        nationality char(3)     NOT NULL,
        passport_no text        NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX person_passport ON hub_inbound.person (nationality, passport_no)');
    await db.query(`
      CREATE TABLE hub_inbound.residence_permit (
        permit_no         text        PRIMARY KEY,
        subject_id        text,
        nationality       char(3)     NOT NULL,
        passport_no       text        NOT NULL,
        holder_name       text        NOT NULL,
        status            text        NOT NULL CHECK (status IN ('valid', 'cancelled')),
        last_action       text        NOT NULL CHECK (last_action IN ('issued', 'renewed', 'shortened', 'cancelled')),
        last_action_on    date        NOT NULL,
        valid_to          date,
        reason            text,
        work_permit_no    text,
        previous_permit_no text,
        region            char(6)     NOT NULL,
        decided_by        text        NOT NULL,
        source_event_id   uuid        NOT NULL,
        event_time        timestamptz NOT NULL,
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX residence_permit_holder ON hub_inbound.residence_permit (nationality, passport_no)');
    await db.query(`
      CREATE TABLE hub_inbound.visa (
        visa_key        text        PRIMARY KEY,
        subject_id      text,
        nationality     char(3)     NOT NULL,
        passport_no     text        NOT NULL,
        status          text        NOT NULL CHECK (status IN ('issued', 'refused', 'cancelled')),
        category        text,
        status_on       date        NOT NULL,
        valid_to        date,
        reason          text,
        decided_by      text        NOT NULL,
        source_event_id uuid        NOT NULL,
        event_time      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX visa_holder ON hub_inbound.visa (nationality, passport_no)');
    await db.query(`
      CREATE TABLE hub_inbound.credit_record (
        record_no       text        PRIMARY KEY,
        subject_id      text,
        nationality     char(3),
        passport_no     text,
        status          text        NOT NULL CHECK (status IN ('recorded', 'cleared')),
        kind            text,
        status_on       date        NOT NULL,
        decided_by      text        NOT NULL,
        source_event_id uuid        NOT NULL,
        event_time      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE hub_inbound.linkage_case (
        case_id         uuid        PRIMARY KEY,
        subject_id      text,
        kind            text        NOT NULL,
        owner_agency    text        NOT NULL,
        state           text        NOT NULL,
        rule_id         text        NOT NULL,
        decision_key    text        NOT NULL,
        opened_on       date,
        due_date        date,
        explanation_zh  text        NOT NULL,
        explanation_en  text        NOT NULL,
        resolution      jsonb,
        source_event_id uuid        NOT NULL,
        event_time      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX linkage_case_subject ON hub_inbound.linkage_case (subject_id)');
    await db.query(`
      CREATE VIEW hub_inbound.holder_standing AS
      SELECT h.holder_id, h.nationality, h.passport_no,
             r.permit_no AS residence_permit_no, r.status AS residence_status, r.last_action AS residence_last_action,
             r.last_action_on AS residence_last_action_on, r.valid_to AS residence_valid_to,
             (SELECT count(*)::int FROM hub_inbound.person p JOIN hub_inbound.linkage_case c ON c.subject_id = p.subject_id
               WHERE p.nationality = h.nationality AND p.passport_no = h.passport_no
                 AND c.state NOT IN ('resolved', 'closed', 'withdrawn')) AS open_cases,
             (SELECT count(*)::int FROM hub_inbound.credit_record c
               WHERE c.nationality = h.nationality AND c.passport_no = h.passport_no AND c.status = 'recorded') AS credit_records
        FROM fwp.holder h
        LEFT JOIN LATERAL (
          SELECT * FROM hub_inbound.residence_permit r
           WHERE r.nationality = h.nationality AND r.passport_no = h.passport_no
           ORDER BY r.event_time DESC LIMIT 1) r ON true`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP VIEW hub_inbound.holder_standing');
    for (const table of ['linkage_case', 'credit_record', 'visa', 'residence_permit', 'person'])
      await db.query(`DROP TABLE hub_inbound.${table}`);
  }
}
