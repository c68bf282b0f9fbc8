import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Record versions and the conflict queue. `record_versions`: per record (kind and keyed hash of its
 * business key), the agency that holds it, the version it holds and, for that version, the hash of
 * each event type's data (a version may stand for several events). A row is created, locked and
 * moved in the transaction that stores the event, so two publishes of one record serialise on it.
 * `record_conflicts`: a change to a record another agency holds, kept with both sides until an
 * operator accepts or refuses it; `event` holds the incoming event as the event store would store
 * it (raw identifiers encrypted).
 */
export class CreateRecordVersions1764720000000 implements MigrationInterface {
  name = 'CreateRecordVersions1764720000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE record_versions (
        record_key text PRIMARY KEY,
        kind text NOT NULL,
        agency text,
        record_id text,
        version bigint NOT NULL DEFAULT 0 CHECK (version >= 0),
        event_id uuid,
        version_events jsonb NOT NULL DEFAULT '{}',
        fields jsonb NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE record_conflicts (
        id uuid PRIMARY KEY,
        record_key text NOT NULL,
        kind text NOT NULL,
        state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'rejected')),
        held_agency text NOT NULL,
        held_record_id text,
        held_version bigint NOT NULL,
        held_event_id uuid,
        held_at timestamptz NOT NULL,
        incoming_agency text NOT NULL,
        incoming_record_id text NOT NULL,
        incoming_version bigint NOT NULL,
        incoming_event_id uuid NOT NULL UNIQUE,
        incoming_type text NOT NULL,
        incoming_content_hash text NOT NULL,
        diff jsonb NOT NULL,
        event jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        resolution text CHECK (resolution IN ('accept-incoming', 'keep-current')),
        resolved_by text,
        note text,
        resolved_at timestamptz,
        CHECK ((state = 'open') = (resolution IS NULL))
      )`);
    await db.query('CREATE INDEX record_conflicts_state_idx ON record_conflicts (state, created_at DESC, id DESC)');
    await db.query('CREATE INDEX record_conflicts_record_idx ON record_conflicts (record_key, created_at DESC, id DESC)');
    await db.query('CREATE INDEX record_conflicts_incoming_idx ON record_conflicts (incoming_agency, created_at DESC, id DESC)');
    await db.query('CREATE INDEX record_conflicts_held_idx ON record_conflicts (held_agency, created_at DESC, id DESC)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE record_conflicts');
    await db.query('DROP TABLE record_versions');
  }
}
