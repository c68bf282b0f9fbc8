import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The linkage service's own store: every event it received (the log a rebuild replays), one folded
 * chain per person, the decisions the rules reached, the cases people act on with each action on
 * them, and the outbox of linkage events still to publish through the hub.
 */
export class CreateLinkageStore1764600000000 implements MigrationInterface {
  name = 'CreateLinkageStore1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE linkage_inbox (
        event_id        uuid        PRIMARY KEY,
        subject         text        NOT NULL,
        event_type      text        NOT NULL,
        event_time      timestamptz NOT NULL,
        subscription_id uuid,
        sequence        bigint,
        received_at     timestamptz NOT NULL DEFAULT now(),
        event           jsonb       NOT NULL
      )`);
    await db.query('CREATE INDEX linkage_inbox_by_subject ON linkage_inbox (subject, event_time, event_id)');
    await db.query(`
      CREATE TABLE person_chains (
        subject         text        PRIMARY KEY,
        chain           jsonb       NOT NULL,
        province        text,
        card_numbers    text[]      NOT NULL DEFAULT '{}',
        family_subjects text[]      NOT NULL DEFAULT '{}',
        event_count     integer     NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX person_chains_by_card ON person_chains USING gin (card_numbers)');
    await db.query('CREATE INDEX person_chains_by_family ON person_chains USING gin (family_subjects)');
    await db.query('CREATE INDEX person_chains_by_province ON person_chains (province)');
    await db.query(`
      CREATE TABLE decisions (
        key             text        PRIMARY KEY,
        subject         text        NOT NULL,
        rule_id         text        NOT NULL,
        rule_version    integer     NOT NULL,
        outcome         text        NOT NULL,
        explanation     jsonb       NOT NULL,
        input_event_ids text[]      NOT NULL,
        thresholds      jsonb       NOT NULL,
        findings        jsonb,
        notify          text[]      NOT NULL DEFAULT '{}',
        digest          text        NOT NULL,
        decided_on      date        NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX decisions_by_subject ON decisions (subject)');
    await db.query(`
      CREATE TABLE cases (
        id                 uuid        PRIMARY KEY,
        case_key           text        NOT NULL UNIQUE,
        decision_key       text        NOT NULL,
        subject            text        NOT NULL,
        rule_id            text        NOT NULL,
        rule_version       integer     NOT NULL,
        kind               text        NOT NULL,
        label              jsonb       NOT NULL,
        owner_agency       text        NOT NULL,
        province           text        NOT NULL,
        state              text        NOT NULL CHECK (state IN ('open', 'claimed', 'resolved', 'overdue')),
        opened_on          date        NOT NULL,
        due_date           date,
        due_cannot_decide  text,
        caused_by          text[]      NOT NULL,
        claimed_by         text,
        claimed_at         timestamptz,
        resolved_at        timestamptz,
        resolved_by        text,
        resolution_outcome text,
        resolution_note    text,
        overdue_since      date,
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now(),
        CHECK ((state = 'resolved') = (resolved_at IS NOT NULL)),
        CHECK (due_date IS NOT NULL OR due_cannot_decide IS NOT NULL)
      )`);
    await db.query('CREATE INDEX cases_by_agency ON cases (owner_agency, state, due_date)');
    await db.query('CREATE INDEX cases_by_province ON cases (province, state, due_date)');
    await db.query('CREATE INDEX cases_by_subject ON cases (subject)');
    await db.query(`
      CREATE TABLE case_actions (
        id      bigserial   PRIMARY KEY,
        case_id uuid        NOT NULL REFERENCES cases (id),
        action  text        NOT NULL CHECK (action IN ('opened', 'claimed', 'resolved', 'overdue', 'reopened', 'viewed')),
        actor   text        NOT NULL,
        purpose text        NOT NULL,
        detail  jsonb       NOT NULL DEFAULT '{}',
        at      timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX case_actions_by_case ON case_actions (case_id, id)');
    await db.query(`
      CREATE TABLE linkage_outbox (
        id           bigserial   PRIMARY KEY,
        event_id     uuid        NOT NULL UNIQUE,
        event_type   text        NOT NULL,
        subject      text        NOT NULL,
        event        jsonb       NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        attempts     integer     NOT NULL DEFAULT 0,
        last_error   text,
        refused      jsonb
      )`);
    await db.query('CREATE INDEX linkage_outbox_waiting ON linkage_outbox (id) WHERE published_at IS NULL AND refused IS NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE linkage_outbox');
    await db.query('DROP TABLE case_actions');
    await db.query('DROP TABLE cases');
    await db.query('DROP TABLE decisions');
    await db.query('DROP TABLE person_chains');
    await db.query('DROP TABLE linkage_inbox');
  }
}
