import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who called the linkage service's HTTP APIs (cases, card look-up, chains, reports), for which
 * declared purpose, what they asked and what they got: one row per call, refused calls included
 * (their caller is unknown when the key was). Append-only; `at` orders it.
 *
 * Also lets case_actions record `released` (a claim given back), which the store's first migration
 * did not list; and turns off the pending list of the card-number GIN index: with it, every card
 * look-up scanned up to 4 MB of entries not yet merged (2.3 ms of a 2.6 ms look-up with 20,000
 * freshly written chains), while writing a chain's one or two card numbers straight into the tree
 * costs its update little.
 */
export class CreateApiAccessLog1764600000200 implements MigrationInterface {
  name = 'CreateApiAccessLog1764600000200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE api_access_log (
        id           bigserial   PRIMARY KEY,
        at           timestamptz NOT NULL DEFAULT now(),
        actor_agency text,
        actor_name   text,
        purpose      text,
        method       text        NOT NULL,
        path         text        NOT NULL,
        query        text        NOT NULL DEFAULT '',
        status       smallint    NOT NULL,
        result_count integer     NOT NULL DEFAULT 0
      )`);
    await db.query('CREATE INDEX api_access_log_by_time ON api_access_log (at)');
    await db.query('CREATE INDEX api_access_log_by_actor ON api_access_log (actor_agency, actor_name, at)');
    await db.query('ALTER TABLE case_actions DROP CONSTRAINT case_actions_action_check');
    await db.query(`
      ALTER TABLE case_actions ADD CONSTRAINT case_actions_action_check
        CHECK (action IN ('opened', 'claimed', 'released', 'resolved', 'overdue', 'reopened', 'viewed'))`);
    await db.query('ALTER INDEX person_chains_by_card SET (fastupdate = off)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER INDEX person_chains_by_card RESET (fastupdate)');
    // A released claim is kept as a reopening (the case went back to the queue), so no action is lost.
    await db.query(`
      UPDATE case_actions SET action = 'reopened', detail = detail || '{"released": true}'::jsonb
       WHERE action = 'released'`);
    await db.query('ALTER TABLE case_actions DROP CONSTRAINT case_actions_action_check');
    await db.query(`
      ALTER TABLE case_actions ADD CONSTRAINT case_actions_action_check
        CHECK (action IN ('opened', 'claimed', 'resolved', 'overdue', 'reopened', 'viewed'))`);
    await db.query('DROP TABLE api_access_log');
  }
}
