import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sync store's side of capturing applications: each application as last published (what its
 * next change is compared with), and the applications' own snapshot, taken after the permits'. On a
 * store whose permit snapshot is already done, the applications' starts on the next sync step.
 */
export class TrackApplications1764960000100 implements MigrationInterface {
  name = 'TrackApplications1764960000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE bureau_sync.published_application (
        record_id    text        PRIMARY KEY,
        version      integer     NOT NULL,
        record       jsonb       NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE bureau_sync.application_snapshot (
        source               text        PRIMARY KEY,
        status               text        NOT NULL CHECK (status IN ('running', 'done')),
        after_application_id bigint      NOT NULL DEFAULT 0,
        chunks               integer     NOT NULL DEFAULT 0,
        applications         integer     NOT NULL DEFAULT 0,
        started_at           timestamptz NOT NULL DEFAULT now(),
        finished_at          timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE bureau_sync.application_snapshot');
    await db.query('DROP TABLE bureau_sync.published_application');
  }
}
