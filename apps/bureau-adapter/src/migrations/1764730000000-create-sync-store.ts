import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The adapter's own store (schema `bureau_sync`, in the adapter's database): how far it has read the
 * bureau's changes, the snapshot's progress, each permit as last published (what the next change
 * is compared with), each event it published, and what the hub refused or held.
 */
export class CreateSyncStore1764730000000 implements MigrationInterface {
  name = 'CreateSyncStore1764730000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE SCHEMA bureau_sync');
    await db.query(`
      CREATE TABLE bureau_sync.capture_position (
        source     text        PRIMARY KEY,
        last_seq   bigint      NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE bureau_sync.snapshot (
        source          text        PRIMARY KEY,
        status          text        NOT NULL CHECK (status IN ('running', 'done')),
        after_permit_id bigint      NOT NULL DEFAULT 0,
        chunks          integer     NOT NULL DEFAULT 0,
        permits         integer     NOT NULL DEFAULT 0,
        started_at      timestamptz NOT NULL DEFAULT now(),
        finished_at     timestamptz
      )`);
    await db.query(`
      CREATE TABLE bureau_sync.published_permit (
        record_id    text        PRIMARY KEY,
        version      integer     NOT NULL,
        record       jsonb       NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE bureau_sync.published_event (
        event_id       uuid        PRIMARY KEY,
        record_id      text        NOT NULL,
        record_version integer     NOT NULL,
        event_type     text        NOT NULL,
        published_at   timestamptz NOT NULL DEFAULT now(),
        outcome        text        CHECK (outcome IN ('accepted', 'duplicate', 'refused', 'held')),
        outcome_at     timestamptz
      )`);
    await db.query('CREATE INDEX published_event_record_idx ON bureau_sync.published_event (record_id)');
    await db.query(`
      CREATE TABLE bureau_sync.refusal (
        refusal_id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        origin             text        NOT NULL CHECK (origin IN ('hub', 'adapter')),
        status             text        NOT NULL CHECK (status IN ('refused', 'held')),
        event_id           uuid,
        event_type         text,
        record_id          text,
        record_version     integer,
        http_status        integer,
        code               text        NOT NULL,
        message            text        NOT NULL,
        message_zh         text,
        issues             jsonb       NOT NULL DEFAULT '[]',
        current_version    integer,
        outbound_partition integer,
        outbound_offset    bigint,
        refused_at         timestamptz NOT NULL,
        recorded_at        timestamptz NOT NULL DEFAULT now(),
        UNIQUE (outbound_partition, outbound_offset)
      )`);
    await db.query('CREATE INDEX refusal_record_idx ON bureau_sync.refusal (record_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP SCHEMA bureau_sync CASCADE');
  }
}
