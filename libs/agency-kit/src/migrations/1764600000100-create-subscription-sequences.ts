import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each subscription's received sequence numbers, to notice a missing delivery (see
 * SubscriptionSequencesRepository): `subscription_sequences` the unbroken run per subscription and
 * an open hole, `sequences_ahead` the numbers received above it.
 *
 * Idempotent: databases of the public-security adapter have these tables already, from its own
 * migration 1764340000000, released before this library owned them.
 */
export class CreateSubscriptionSequences1764600000100 implements MigrationInterface {
  name = 'CreateSubscriptionSequences1764600000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE IF NOT EXISTS subscription_sequences (
        subscription_id uuid        PRIMARY KEY,
        through         bigint      NOT NULL,
        gap_expected    bigint,
        gap_since       timestamptz,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS sequences_ahead (
        subscription_id uuid   NOT NULL,
        sequence        bigint NOT NULL,
        PRIMARY KEY (subscription_id, sequence)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE sequences_ahead');
    await db.query('DROP TABLE subscription_sequences');
  }
}
