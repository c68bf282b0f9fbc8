import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The family look-ups find people by residence permit number through `person_permits`, one row per
 * person and permit (`holder`: the person's own residence permit; `principal`: a principal's permit
 * the person's family links name), B-tree indexed, instead of GIN indexes on `person_chains`' arrays.
 *
 * With the GIN indexes a batch's look-up (`residence_permits && $1 OR principal_permits && $1`, a few
 * hundred permits) was planned as a sequential scan of `person_chains` whenever PostgreSQL guessed
 * that many permits would match a large share of it, and `person_chains` is large (every chain
 * rewritten at each of its events): 15 ms a look-up at 11,000 people, two look-ups a batch, growing
 * with the table. `permit = ANY($1)` on a B-tree is estimated per value and read by the index. The
 * rows change only when a person's permits do; a chain rewritten for any other event writes nothing
 * here, and `person_chains` loses two GIN indexes to maintain on every rewrite.
 *
 * The arrays stay on `person_chains` (the chain's index, read with the chain).
 */
export class PersonPermits1764900000000 implements MigrationInterface {
  name = 'PersonPermits1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE person_permits (
        permit  text NOT NULL,
        role    text NOT NULL CONSTRAINT person_permits_role CHECK (role IN ('holder', 'principal')),
        subject text NOT NULL REFERENCES person_chains (subject) ON DELETE CASCADE,
        PRIMARY KEY (permit, role, subject)
      )`);
    await db.query('CREATE INDEX person_permits_by_subject ON person_permits (subject)');
    await db.query(`
      INSERT INTO person_permits (permit, role, subject)
      SELECT permit, 'holder', subject FROM person_chains, unnest(residence_permits) AS permit
      UNION
      SELECT permit, 'principal', subject FROM person_chains, unnest(principal_permits) AS permit`);
    await db.query('DROP INDEX person_chains_by_residence_permit');
    await db.query('DROP INDEX person_chains_by_principal_permit');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX person_chains_by_residence_permit ON person_chains USING gin (residence_permits) WITH (fastupdate = off)');
    await db.query('CREATE INDEX person_chains_by_principal_permit ON person_chains USING gin (principal_permits) WITH (fastupdate = off)');
    await db.query('DROP TABLE person_permits');
  }
}
