import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Parked Kafka records that an operator redrove (sent again to their source topic) or discarded
 * (with the reason) stay in `dead_letters`, marked, so the record, what was done with it and by whom
 * remain to be read next to the audit trail; the lists and counts of dead letters leave them out.
 */
export class AddDeadLetterResolutions1764830000000 implements MigrationInterface {
  name = 'AddDeadLetterResolutions1764830000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE dead_letters
        ADD COLUMN resolution        text CHECK (resolution IN ('redriven', 'discarded')),
        ADD COLUMN resolved_at       timestamptz,
        ADD COLUMN resolved_by       text,
        ADD COLUMN resolution_reason text,
        ADD CONSTRAINT dead_letters_resolution_complete CHECK ((resolution IS NULL) = (resolved_at IS NULL) AND (resolution IS NULL) = (resolved_by IS NULL))`);
    // Retention retires resolved rows past DEAD_LETTER_RETENTION_DAYS, oldest first.
    await db.query('CREATE INDEX dead_letters_resolved_at ON dead_letters (resolved_at) WHERE resolution IS NOT NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX dead_letters_resolved_at');
    await db.query(`
      ALTER TABLE dead_letters
        DROP CONSTRAINT dead_letters_resolution_complete,
        DROP COLUMN resolution_reason, DROP COLUMN resolved_by, DROP COLUMN resolved_at, DROP COLUMN resolution`);
  }
}
