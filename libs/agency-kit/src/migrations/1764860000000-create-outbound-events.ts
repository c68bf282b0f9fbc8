import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The events an adapter made with the kit publishes, kept (signed) in the transaction that records
 * the decision behind them, and marked once Kafka has them: one not yet marked is published again
 * at the next start (the hub keeps an event once, by its id). The hub's answer to each, read from
 * `agency.<id>.outcomes`, is kept beside it: accepted, duplicate, held, or refused with the error.
 */
export class CreateOutboundEvents1764860000000 implements MigrationInterface {
  name = 'CreateOutboundEvents1764860000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE IF NOT EXISTS outbound_events (
        event_id     uuid        PRIMARY KEY,
        event_type   text        NOT NULL,
        kafka_key    text        NOT NULL,
        event        jsonb       NOT NULL,
        decided_by   text        NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        outcome      text        CHECK (outcome IN ('accepted', 'duplicate', 'refused', 'held')),
        outcome_error jsonb,
        outcome_at   timestamptz
      )`);
    await db.query('CREATE INDEX IF NOT EXISTS outbound_events_unpublished ON outbound_events (created_at) WHERE published_at IS NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE IF EXISTS outbound_events');
  }
}
