import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The console's bulk actions (redrive or discard of many dead letters) and their progress, in the
 * database so that any hub process can answer `GET /console/api/jobs/{id}` while one works on it.
 */
export class CreateConsoleJobs1764800000002 implements MigrationInterface {
  name = 'CreateConsoleJobs1764800000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE console_jobs (
        id          uuid        PRIMARY KEY,
        kind        text        NOT NULL CHECK (kind IN ('redrive', 'discard')),
        started_by  text        NOT NULL,
        total       integer     NOT NULL CHECK (total >= 0),
        done        integer     NOT NULL DEFAULT 0,
        failed      integer     NOT NULL DEFAULT 0,
        state       text        NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'finished', 'failed')),
        last_error  text,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE console_jobs');
  }
}
