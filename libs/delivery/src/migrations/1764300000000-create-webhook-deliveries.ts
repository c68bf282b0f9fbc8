import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The webhook delivery engine's state: one row per (subscription, event) in `webhook_deliveries`
 * with its per-subscription sequence number, every attempt in `webhook_delivery_attempts`, the
 * signed receipts agencies return in `webhook_receipts`, and the sequence counter of each
 * subscription in `webhook_subscription_sequences`. Released as part of the hub's migrations, so
 * never edited; changes come as new migrations.
 */
export class CreateWebhookDeliveries1764300000000 implements MigrationInterface {
  name = 'CreateWebhookDeliveries1764300000000';

  async up(db: QueryRunner): Promise<void> {
    // A counter row per subscription rather than a PostgreSQL sequence: enqueue locks it until
    // commit, so a rolled-back enqueue gives its numbers back and the numbers stay gap-free.
    await db.query(`
      CREATE TABLE webhook_subscription_sequences (
        subscription_id text   PRIMARY KEY,
        last_sequence   bigint NOT NULL DEFAULT 0 CHECK (last_sequence >= 0)
      )`);

    await db.query(`
      CREATE TABLE webhook_deliveries (
        id               uuid        PRIMARY KEY,
        subscription_id  text        NOT NULL,
        agency_id        text        NOT NULL,
        sequence         bigint      NOT NULL CHECK (sequence >= 1),
        event_id         uuid        NOT NULL,
        event_type       text        NOT NULL,
        subject_id       text        NOT NULL,
        endpoint         text        NOT NULL,
        payload          text        NOT NULL,
        status           text        NOT NULL DEFAULT 'pending'
                           CHECK (status IN ('pending', 'delivered', 'dead', 'discarded')),
        attempts         integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        round            integer     NOT NULL DEFAULT 1 CHECK (round >= 1),
        round_started_at timestamptz NOT NULL DEFAULT now(),
        next_attempt_at  timestamptz NOT NULL DEFAULT now(),
        lease_until      timestamptz,
        claim_token      uuid,
        claimed_by       text,
        last_status_code integer,
        last_error       text,
        delivered_at     timestamptz,
        acknowledged_at  timestamptz,
        receipt_problem  text,
        dead_at          timestamptz,
        dead_reason      text,
        discarded_at     timestamptz,
        discard_reason   text,
        discarded_by     text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_deliveries_sequence_unique UNIQUE (subscription_id, sequence),
        CONSTRAINT webhook_deliveries_event_unique UNIQUE (subscription_id, event_id),
        CONSTRAINT webhook_deliveries_dead_has_reason CHECK (status <> 'dead' OR (dead_at IS NOT NULL AND dead_reason IS NOT NULL)),
        CONSTRAINT webhook_deliveries_discard_has_reason CHECK (status <> 'discarded' OR discard_reason IS NOT NULL)
      )`);
    // What the claim scans (due, pending rows) and what its ordering check probes (the pending
    // rows of one subscription and subject, by sequence).
    await db.query(`CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await db.query(
      `CREATE INDEX webhook_deliveries_pending_subject_idx ON webhook_deliveries (subscription_id, subject_id, sequence) WHERE status = 'pending'`,
    );
    await db.query(`CREATE INDEX webhook_deliveries_dead_idx ON webhook_deliveries (dead_at, id) WHERE status = 'dead'`);
    await db.query(
      `CREATE INDEX webhook_deliveries_unacknowledged_idx ON webhook_deliveries (delivered_at, id)
         WHERE status = 'delivered' AND acknowledged_at IS NULL`,
    );
    await db.query('CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (event_id)');

    // One row per claim: written when a worker takes the delivery, finished with the outcome. A row
    // never finished is an attempt whose worker died; the next claim marks it abandoned.
    await db.query(`
      CREATE TABLE webhook_delivery_attempts (
        claim_token        uuid        PRIMARY KEY,
        delivery_id        uuid        NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
        round              integer     NOT NULL,
        attempt            integer     NOT NULL,
        worker             text        NOT NULL,
        started_at         timestamptz NOT NULL,
        finished_at        timestamptz,
        duration_ms        integer,
        outcome            text        CHECK (outcome IN ('delivered', 'retriable', 'rejected', 'abandoned')),
        status_code        integer,
        error_code         text,
        error_message      text,
        retry_after_ms     bigint,
        response_bytes     integer,
        response_truncated boolean,
        response_excerpt   text
      )`);
    await db.query('CREATE INDEX webhook_delivery_attempts_delivery_idx ON webhook_delivery_attempts (delivery_id, started_at)');

    // Evidence of receipt: the agency's signed statement, kept as received.
    await db.query(`
      CREATE TABLE webhook_receipts (
        delivery_id uuid        PRIMARY KEY REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
        event_id    uuid        NOT NULL,
        agency_id   text        NOT NULL,
        key_id      text        NOT NULL,
        alg         text        NOT NULL,
        received_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        via         text        NOT NULL CHECK (via IN ('response', 'acknowledgement')),
        receipt     text        NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE webhook_receipts, webhook_delivery_attempts, webhook_deliveries, webhook_subscription_sequences');
  }
}
