import { retentionRunsTableSql } from '@hub/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention for the linkage service: published linkage events and the API access log stop growing.
 *
 * - An index of the published events by when they were published: the rows retention deletes,
 *   oldest first, without reading the rest of `linkage_outbox`.
 * - `api_access_log` becomes append-only in the database, with one way out: the retention job may
 *   DELETE rows older than the time it names in `linkage.retire_access_before` (set for its own
 *   transaction only), and the database refuses that time unless it is at least six months back
 *   (the Cybersecurity Law's minimum for logs), whatever the configuration says. UPDATE and
 *   TRUNCATE are refused.
 * - `retention_runs`: one row per run (how many rows of each kind, up to when), append-only.
 */
export class LinkageRetention1765100000000 implements MigrationInterface {
  name = 'LinkageRetention1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX linkage_outbox_published ON linkage_outbox (published_at) WHERE published_at IS NOT NULL');
    await db.query(`
      CREATE FUNCTION api_access_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        retire_before timestamptz := nullif(current_setting('linkage.retire_access_before', true), '')::timestamptz;
      BEGIN
        IF TG_OP = 'DELETE' AND retire_before IS NOT NULL AND retire_before <= now() - interval '6 months' AND OLD.at < retire_before THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'api_access_log is append-only: % refused', TG_OP USING ERRCODE = 'LKA01';
      END $$`);
    await db.query(
      'CREATE TRIGGER api_access_log_append_only BEFORE UPDATE OR DELETE ON api_access_log FOR EACH ROW EXECUTE FUNCTION api_access_log_refuse_change()',
    );
    await db.query(
      'CREATE TRIGGER api_access_log_no_truncate BEFORE TRUNCATE ON api_access_log FOR EACH STATEMENT EXECUTE FUNCTION api_access_log_refuse_change()',
    );
    for (const statement of retentionRunsTableSql('LKA01')) await db.query(statement);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE retention_runs');
    await db.query('DROP FUNCTION retention_runs_refuse_change()');
    await db.query('DROP TRIGGER api_access_log_no_truncate ON api_access_log');
    await db.query('DROP TRIGGER api_access_log_append_only ON api_access_log');
    await db.query('DROP FUNCTION api_access_log_refuse_change()');
    await db.query('DROP INDEX linkage_outbox_published');
  }
}
