import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A bureau's reconciliation also compares its records with public security's copy when it may
 * (`PSB_RECONCILE_URL`): the counts of that comparison, or why it could not be made, are kept with
 * the run so the ops console shows both sides. Null for runs that made no such comparison.
 */
export class AddReconciliationPsbComparison1764860000000 implements MigrationInterface {
  name = 'AddReconciliationPsbComparison1764860000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE reconciliations ADD COLUMN psb jsonb CHECK (psb IS NULL OR jsonb_typeof(psb) = 'object')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE reconciliations DROP COLUMN psb');
  }
}
