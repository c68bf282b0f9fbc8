import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events the dispatcher withheld from a subscription (the agency suspended, the grant withdrawn, no
 * projection for its kind), one row per pair with the reason: evidence of what an agency did not
 * receive and why, and the key that keeps a batch Kafka delivers again from auditing a withholding twice.
 */
export class CreateSubscriptionWithholdings1764340000000 implements MigrationInterface {
  name = 'CreateSubscriptionWithholdings1764340000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE subscription_withholdings (
        subscription_id uuid        NOT NULL REFERENCES subscriptions (id),
        event_id        uuid        NOT NULL REFERENCES events (id),
        reason          text        NOT NULL,
        withheld_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subscription_id, event_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE subscription_withholdings');
  }
}
