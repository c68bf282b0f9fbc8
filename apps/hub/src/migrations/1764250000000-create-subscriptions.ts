import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subscriptions and what the dispatcher routed through them.
 *
 * `subscriptions`: an agency's standing request for event types (each in a contract version),
 * with filters, its delivery channels and its purpose; `next_sequence` numbers what it receives,
 * gap-free, so a subscriber can detect a missed message. `subscription_deliveries` records each
 * event routed to a subscription (one row per pair, whatever Kafka redelivers to the dispatcher):
 * its sequence, channels, the policy version and projection applied, and the purpose.
 */
export class CreateSubscriptions1764250000000 implements MigrationInterface {
  name = 'CreateSubscriptions1764250000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE subscriptions (
        id            uuid        PRIMARY KEY,
        agency        text        NOT NULL REFERENCES agencies (id),
        name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        event_types   jsonb       NOT NULL,
        filters       jsonb       NOT NULL,
        channels      jsonb       NOT NULL,
        purpose       text        NOT NULL,
        status        text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'deleted')),
        next_sequence bigint      NOT NULL DEFAULT 1,
        created_by    text        NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX subscriptions_agency_idx ON subscriptions (agency) WHERE status <> 'deleted'`);
    await db.query(`
      CREATE TABLE subscription_deliveries (
        subscription_id uuid        NOT NULL REFERENCES subscriptions (id),
        sequence        bigint      NOT NULL,
        event_id        uuid        NOT NULL REFERENCES events (id),
        subject         text        NOT NULL,
        channels        text[]      NOT NULL CHECK (channels <@ ARRAY['kafka', 'webhook'] AND cardinality(channels) > 0),
        contract_version integer    NOT NULL,
        policy_version  integer     NOT NULL,
        projection      text        NOT NULL,
        purpose         text        NOT NULL,
        routed_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subscription_id, sequence),
        UNIQUE (subscription_id, event_id)
      )`);
    await db.query('CREATE INDEX subscription_deliveries_event_idx ON subscription_deliveries (event_id)');
    // Subscriptions change rarely and every dispatcher keeps them in memory: tell them.
    await db.query(`
      CREATE FUNCTION notify_subscriptions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('hub_subscriptions', '');
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER subscriptions_changed AFTER INSERT OR DELETE OR UPDATE OF event_types, filters, channels, purpose, status ON subscriptions
      FOR EACH STATEMENT EXECUTE FUNCTION notify_subscriptions_changed()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE subscription_deliveries');
    await db.query('DROP TABLE subscriptions');
    await db.query('DROP FUNCTION notify_subscriptions_changed()');
  }
}
