import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The bulk import's own state in the bureau adapter's database.
 * - `bureau_import_ledger`: per bureau record, the last version published to the hub, with a hash
 *   of its content and the record itself, so a row seen again counts as unchanged and a newer
 *   version becomes the change events from the version before (not a second issue).
 * - `bureau_import_runs`: per file (by SHA-256 of its bytes), the last row whose events Kafka
 *   acknowledged and the counts so far, so an import killed at any point resumes after that row.
 * Both are written in one transaction per acknowledged batch.
 */
export class CreateImportLedger1764740000000 implements MigrationInterface {
  name = 'CreateImportLedger1764740000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE bureau_import_ledger (
        agency        text        NOT NULL,
        record_id     text        NOT NULL CHECK (record_id ~ '^[A-Za-z0-9._:-]{1,128}$'),
        version       integer     NOT NULL CHECK (version >= 1),
        content_hash  text        NOT NULL,
        record        jsonb       NOT NULL,
        file_hash     text        NOT NULL,
        published_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (agency, record_id)
      )`);
    await db.query(`
      CREATE TABLE bureau_import_runs (
        agency       text        NOT NULL,
        file_hash    text        NOT NULL CHECK (file_hash ~ '^[0-9a-f]{64}$'),
        file_name    text        NOT NULL,
        last_row     integer     NOT NULL DEFAULT 0,
        read         integer     NOT NULL DEFAULT 0,
        published    integer     NOT NULL DEFAULT 0,
        unchanged    integer     NOT NULL DEFAULT 0,
        refused      integer     NOT NULL DEFAULT 0,
        started_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        finished_at  timestamptz,
        PRIMARY KEY (agency, file_hash)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE bureau_import_runs');
    await db.query('DROP TABLE bureau_import_ledger');
  }
}
