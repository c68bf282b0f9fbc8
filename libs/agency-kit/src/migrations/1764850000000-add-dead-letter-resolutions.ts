import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A dead letter an operator discarded stays in `dead_letters`, marked with when, by whom and why,
 * so the record and the reason it was given up remain to be read; the lists, counts and redrives
 * leave it out. (A redriven dead letter leaves the table when it applies, or is parked again with
 * the new reason.) Runs after `@hub/messaging`'s CreateDeadLetters1764140000002.
 */
export class AddDeadLetterResolutions1764850000000 implements MigrationInterface {
  name = 'AddDeadLetterResolutions1764850000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE dead_letters
        ADD COLUMN resolution        text CHECK (resolution IN ('discarded')),
        ADD COLUMN resolved_at       timestamptz,
        ADD COLUMN resolved_by       text,
        ADD COLUMN resolution_reason text,
        ADD CONSTRAINT dead_letters_resolution_complete
          CHECK ((resolution IS NULL) = (resolved_at IS NULL) AND (resolution IS NULL) = (resolved_by IS NULL)
             AND (resolution IS NULL) = (resolution_reason IS NULL))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE dead_letters
        DROP CONSTRAINT dead_letters_resolution_complete,
        DROP COLUMN resolution_reason, DROP COLUMN resolved_by, DROP COLUMN resolved_at, DROP COLUMN resolution`);
  }
}
