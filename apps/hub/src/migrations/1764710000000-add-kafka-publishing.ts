import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `agencies.kafka_publishing`: whether the agency may publish over Kafka (its outbound topic, which
 * the hub's `ingest` role consumes, and its outcomes topic). Changing it notifies every hub process
 * through the registry's trigger, so the ingest consumer picks the agency up or drops it.
 */
export class AddKafkaPublishing1764710000000 implements MigrationInterface {
  name = 'AddKafkaPublishing1764710000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE agencies ADD COLUMN kafka_publishing boolean NOT NULL DEFAULT false');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE agencies DROP COLUMN kafka_publishing');
  }
}
