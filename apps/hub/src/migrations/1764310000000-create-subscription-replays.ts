import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Replays of a subscription: from a time or from one of its sequence numbers, into its own
 * channels or another, with the progress made (`cursor` is the last event sent, so a replay a
 * restart interrupted goes on from there).
 */
export class CreateSubscriptionReplays1764310000000 implements MigrationInterface {
  name = 'CreateSubscriptionReplays1764310000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE subscription_replays (
        id              uuid        PRIMARY KEY,
        subscription_id uuid        NOT NULL REFERENCES subscriptions (id),
        requested_by    text        NOT NULL,
        from_time       timestamptz,
        from_sequence   bigint,
        channels        jsonb       NOT NULL,
        status          text        NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
        total           integer     NOT NULL,
        sent            integer     NOT NULL DEFAULT 0,
        withheld        integer     NOT NULL DEFAULT 0,
        filtered        integer     NOT NULL DEFAULT 0,
        cursor_time     timestamptz,
        cursor_event    uuid,
        error           text,
        runner          text,
        heartbeat_at    timestamptz,
        started_at      timestamptz NOT NULL DEFAULT now(),
        finished_at     timestamptz,
        CHECK ((from_time IS NULL) <> (from_sequence IS NULL))
      )`);
    await db.query(`CREATE INDEX subscription_replays_running_idx ON subscription_replays (started_at) WHERE status = 'running'`);
    await db.query('CREATE INDEX events_received_idx ON events (received_at, id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX events_received_idx');
    await db.query('DROP TABLE subscription_replays');
  }
}
