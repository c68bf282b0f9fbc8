import { retentionRunsTableSql } from '@hub/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The append-only guard as 1764400000000 made it: every UPDATE, DELETE and TRUNCATE refused. */
const REFUSE_EVERY_CHANGE = `
  CREATE OR REPLACE FUNCTION work_permit_reads_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'work_permit_reads is append-only: % refused', TG_OP USING ERRCODE = 'PSA01';
  END $$`;

/**
 * Retention for the adapter: the inbox and the read log stop growing.
 *
 * The read log stays append-only, with one way out: the retention job may DELETE rows older than
 * the time it names in `psb.retire_reads_before` (set for its own transaction only), and the
 * database refuses that time unless it is at least six months back (the Cybersecurity Law's minimum
 * for logs), whatever the configuration says. UPDATE and TRUNCATE stay refused. `retention_runs`
 * records each run (how many rows of each kind, up to when), append-only the same way. Indexes on
 * the age columns the job searches. Idempotent.
 */
export class RetireInboxAndReadLog1764450000000 implements MigrationInterface {
  name = 'RetireInboxAndReadLog1764450000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION work_permit_reads_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        retire_before timestamptz := nullif(current_setting('psb.retire_reads_before', true), '')::timestamptz;
      BEGIN
        IF TG_OP = 'DELETE' AND retire_before IS NOT NULL AND retire_before <= now() - interval '6 months' AND OLD.read_at < retire_before THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'work_permit_reads is append-only: % refused', TG_OP USING ERRCODE = 'PSA01';
      END $$`);
    await db.query('CREATE INDEX IF NOT EXISTS work_permit_reads_read_at_idx ON work_permit_reads (read_at)');
    await db.query('CREATE INDEX IF NOT EXISTS inbox_received_idx ON inbox (received_at)');
    for (const statement of retentionRunsTableSql('PSA01')) await db.query(statement);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE IF EXISTS retention_runs');
    await db.query('DROP FUNCTION IF EXISTS retention_runs_refuse_change()');
    await db.query('DROP INDEX IF EXISTS inbox_received_idx, work_permit_reads_read_at_idx');
    await db.query(REFUSE_EVERY_CHANGE);
  }
}
