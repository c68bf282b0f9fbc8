import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What retention needs: an index of the published linkage events by when they were published (the
 * rows it deletes, oldest first, without reading the rest of `linkage_outbox`), and `retention_runs`,
 * one row per run that deleted anything or not, append-only (a trigger refuses UPDATE, DELETE and
 * TRUNCATE), so what was retired and from before when stays on record.
 */
export class RetirePublishedEvents1765100000000 implements MigrationInterface {
  name = 'RetirePublishedEvents1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX linkage_outbox_published ON linkage_outbox (published_at) WHERE published_at IS NOT NULL');
    await db.query(`
      CREATE TABLE retention_runs (
        id             bigserial   PRIMARY KEY,
        ran_at         timestamptz NOT NULL DEFAULT now(),
        retired        jsonb       NOT NULL,
        retired_before jsonb       NOT NULL
      )`);
    await db.query(`
      CREATE FUNCTION retention_runs_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'retention_runs is append-only: % refused', TG_OP USING ERRCODE = 'LKA01';
      END $$`);
    await db.query(
      'CREATE TRIGGER retention_runs_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON retention_runs FOR EACH STATEMENT EXECUTE FUNCTION retention_runs_refuse_change()',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE retention_runs');
    await db.query('DROP FUNCTION retention_runs_refuse_change()');
    await db.query('DROP INDEX linkage_outbox_published');
  }
}
