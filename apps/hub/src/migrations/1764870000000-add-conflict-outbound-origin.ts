import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A conflict whose incoming change came over Kafka keeps where it was read (the agency's outbound
 * partition and offset), so the operator's resolution is sent to the publisher as the record's
 * final outcome on `agency.<id>.outcomes`; `outcome_sent_at` marks that outcome acknowledged by
 * Kafka. The resolution's own commit is what queues it: the ingest role sends every resolved
 * conflict with an origin and no `outcome_sent_at` (the partial index finds them). Null for a change
 * published over HTTP.
 */
export class AddConflictOutboundOrigin1764870000000 implements MigrationInterface {
  name = 'AddConflictOutboundOrigin1764870000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE record_conflicts
        ADD COLUMN outbound_partition integer CHECK (outbound_partition >= 0),
        ADD COLUMN outbound_offset bigint CHECK (outbound_offset >= 0),
        ADD COLUMN outcome_sent_at timestamptz,
        ADD CHECK ((outbound_partition IS NULL) = (outbound_offset IS NULL))`);
    await db.query(`
      CREATE INDEX record_conflicts_outcome_due_idx ON record_conflicts (resolved_at)
        WHERE state <> 'open' AND outbound_partition IS NOT NULL AND outcome_sent_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX record_conflicts_outcome_due_idx');
    await db.query('ALTER TABLE record_conflicts DROP COLUMN outcome_sent_at, DROP COLUMN outbound_offset, DROP COLUMN outbound_partition');
  }
}
