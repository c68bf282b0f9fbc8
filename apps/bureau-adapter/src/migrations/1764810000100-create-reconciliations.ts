import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each reconciliation of the bureau's permits with the hub (`bureau_sync.reconciliation`): its summary and its record-level findings. */
export class CreateReconciliations1764810000100 implements MigrationInterface {
  name = 'CreateReconciliations1764810000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE bureau_sync.reconciliation (
        reconciliation_id uuid        PRIMARY KEY,
        outcome           text        NOT NULL CHECK (outcome IN ('in-sync', 'differences', 'failed')),
        trigger           text        NOT NULL CHECK (trigger IN ('schedule', 'command', 'api')),
        started_at        timestamptz NOT NULL,
        finished_at       timestamptz NOT NULL,
        summary           jsonb       NOT NULL,
        differences       jsonb       NOT NULL DEFAULT '[]',
        reported_at       timestamptz
      )`);
    await db.query('CREATE INDEX reconciliation_finished_idx ON bureau_sync.reconciliation (finished_at DESC)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE bureau_sync.reconciliation');
  }
}
