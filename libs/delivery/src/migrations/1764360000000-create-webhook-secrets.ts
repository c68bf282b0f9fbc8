import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Standard Webhooks secret (`whsec_…`) of each subscription, stored encrypted when a payload
 * cipher is bound. A rotated-out secret stays in `previous_secret` until `previous_until`, and
 * requests carry a `v1` signature by each, so a subscriber can switch secrets without refusing a
 * request in between.
 */
export class CreateWebhookSecrets1764360000000 implements MigrationInterface {
  name = 'CreateWebhookSecrets1764360000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE webhook_secrets (
        subscription_id text        PRIMARY KEY,
        secret          text        NOT NULL,
        previous_secret text,
        previous_until  timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now(),
        rotated_at      timestamptz,
        CONSTRAINT webhook_secrets_previous_has_end CHECK ((previous_secret IS NULL) = (previous_until IS NULL))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE webhook_secrets');
  }
}
