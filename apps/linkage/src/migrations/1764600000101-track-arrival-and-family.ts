import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the running service needs beyond the first store:
 * - `linkage_inbox.arrival` (the order events were applied in) and `as_of` (the day they were
 *   decided on), so a rebuild replays each event as the live service applied it;
 * - on `person_chains`, the person's own residence permit numbers and the principals' residence
 *   permit numbers the person's family links name (both GIN-indexed, to find a principal's family
 *   and a family member's principal), and `next_check_on`, the first day a decision of the chain
 *   can change without a new event (an item falls due, a card or class A permit lapses), which the
 *   overdue check looks for;
 * - `overdue_checks`, each run of the overdue check with the day it decided on, so a rebuild runs
 *   them again between the events where they ran.
 */
export class TrackArrivalAndFamily1764600000101 implements MigrationInterface {
  name = 'TrackArrivalAndFamily1764600000101';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE linkage_inbox
        ADD COLUMN arrival bigint GENERATED ALWAYS AS IDENTITY,
        ADD COLUMN as_of   date`);
    await db.query('CREATE UNIQUE INDEX linkage_inbox_by_arrival ON linkage_inbox (arrival)');
    await db.query(`
      ALTER TABLE person_chains
        ADD COLUMN residence_permits text[] NOT NULL DEFAULT '{}',
        ADD COLUMN principal_permits text[] NOT NULL DEFAULT '{}',
        ADD COLUMN next_check_on     date`);
    await db.query('CREATE INDEX person_chains_by_residence_permit ON person_chains USING gin (residence_permits)');
    await db.query('CREATE INDEX person_chains_by_principal_permit ON person_chains USING gin (principal_permits)');
    await db.query('CREATE INDEX person_chains_by_next_check ON person_chains (next_check_on) WHERE next_check_on IS NOT NULL');
    await db.query(`
      CREATE TABLE overdue_checks (
        id     bigserial   PRIMARY KEY,
        as_of  date        NOT NULL,
        ran_at timestamptz NOT NULL DEFAULT now(),
        people integer     NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE overdue_checks');
    await db.query('ALTER TABLE person_chains DROP COLUMN residence_permits, DROP COLUMN principal_permits, DROP COLUMN next_check_on');
    await db.query('ALTER TABLE linkage_inbox DROP COLUMN arrival, DROP COLUMN as_of');
  }
}
