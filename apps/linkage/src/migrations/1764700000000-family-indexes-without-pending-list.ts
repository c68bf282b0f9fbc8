import type { MigrationInterface, QueryRunner } from 'typeorm';

const FAMILY_INDEXES = ['person_chains_by_residence_permit', 'person_chains_by_principal_permit'];

/**
 * The family look-ups (`residence_permits && …`, `principal_permits && …`) search the GIN indexes
 * with every residence permit of a batch at once. With GIN's pending list on, each search also read
 * the whole list of entries not merged yet (thousands under a steady load, until autovacuum merged
 * them), and a batch's look-up took seconds; with it off, each insert merges its own entries and a
 * search reads the index alone. The card index was switched off for the same reason (1764600000200).
 */
export class FamilyIndexesWithoutPendingList1764700000000 implements MigrationInterface {
  name = 'FamilyIndexesWithoutPendingList1764700000000';

  async up(db: QueryRunner): Promise<void> {
    for (const index of FAMILY_INDEXES) {
      await db.query(`ALTER INDEX ${index} SET (fastupdate = off)`);
      // Entries already pending are merged now; the setting only stops new ones.
      await db.query(`SELECT gin_clean_pending_list('${index}'::regclass)`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const index of FAMILY_INDEXES) await db.query(`ALTER INDEX ${index} RESET (fastupdate)`);
  }
}
