import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Raised from inside the publish statement when an event id is reused with other content, so the
 * whole statement (every event of the request) rolls back in the same round trip.
 */
export class AddEventIdConflictCheck1764160000000 implements MigrationInterface {
  name = 'AddEventIdConflictCheck1764160000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION hub_event_id_conflict(event_id uuid) RETURNS boolean LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'event id % was already used for other content', event_id USING ERRCODE = 'HB409';
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP FUNCTION hub_event_id_conflict(uuid)');
  }
}
