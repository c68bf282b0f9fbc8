import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Record digests and reconciliation summaries. Two indexes serve the digests an agency asks for
 * (`GET /v1/records/digests`): its held records by record id, and each record's events by record id
 * and time (the record's business month is the month of its earliest event). `reconciliations`:
 * the summary of each reconciliation an agency ran against the hub, for the ops console.
 */
export class CreateReconciliations1764810000000 implements MigrationInterface {
  name = 'CreateReconciliations1764810000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX record_versions_agency_record_idx ON record_versions (agency, record_id) WHERE record_id IS NOT NULL');
    await db.query(
      `CREATE INDEX events_agency_record_idx ON events (agency, (envelope->>'recordid'), occurred_at) WHERE envelope ? 'recordid'`,
    );
    await db.query(`
      CREATE TABLE reconciliations (
        id                uuid        PRIMARY KEY,
        agency            text        NOT NULL,
        domain            text        NOT NULL,
        outcome           text        NOT NULL CHECK (outcome IN ('in-sync', 'differences', 'failed')),
        trigger           text        NOT NULL CHECK (trigger IN ('schedule', 'command', 'api')),
        range_from        char(7),
        range_to          char(7),
        started_at        timestamptz NOT NULL,
        finished_at       timestamptz NOT NULL,
        agency_records    integer     NOT NULL CHECK (agency_records >= 0),
        hub_records       integer     NOT NULL CHECK (hub_records >= 0),
        buckets           integer     NOT NULL CHECK (buckets >= 0),
        differing_buckets integer     NOT NULL CHECK (differing_buckets >= 0),
        missing           integer     NOT NULL CHECK (missing >= 0),
        extra             integer     NOT NULL CHECK (extra >= 0),
        different         integer     NOT NULL CHECK (different >= 0),
        repaired          integer     NOT NULL CHECK (repaired >= 0),
        remaining         integer     NOT NULL CHECK (remaining >= 0),
        error             text,
        received_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX reconciliations_agency_idx ON reconciliations (agency, finished_at DESC, id DESC)');
    await db.query('CREATE INDEX reconciliations_finished_idx ON reconciliations (finished_at DESC, id DESC)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE reconciliations');
    await db.query('DROP INDEX events_agency_record_idx');
    await db.query('DROP INDEX record_versions_agency_record_idx');
  }
}
