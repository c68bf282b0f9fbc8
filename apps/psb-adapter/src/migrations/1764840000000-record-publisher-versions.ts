import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a bureau's reconciliation compares with public security's copy: each permit's publishing
 * agency, the publisher's own record id and version (the envelope's `agency`, `recordid` and
 * `recordversion` of the events applied) and the time of its earliest event (its issue, the month it
 * is bucketed in). Rows recorded before carry none of them until their next event (or a rebuild by
 * replay) and are left out of the digests. Indexed by agency and record id, the digests' order.
 */
export class RecordPublisherVersions1764840000000 implements MigrationInterface {
  name = 'RecordPublisherVersions1764840000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE work_permits
        ADD COLUMN source_agency    text,
        ADD COLUMN record_id        text,
        ADD COLUMN record_version   integer,
        ADD COLUMN first_event_time timestamptz`);
    await db.query('CREATE INDEX work_permits_source_record_idx ON work_permits (source_agency, record_id) WHERE record_id IS NOT NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX work_permits_source_record_idx');
    await db.query(`
      ALTER TABLE work_permits
        DROP COLUMN source_agency, DROP COLUMN record_id, DROP COLUMN record_version, DROP COLUMN first_event_time`);
  }
}
