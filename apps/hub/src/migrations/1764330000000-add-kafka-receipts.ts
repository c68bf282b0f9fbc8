import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Receipts for Kafka deliveries: the signed receipt an agency sends for a sequence number, kept as evidence. */
export class AddKafkaReceipts1764330000000 implements MigrationInterface {
  name = 'AddKafkaReceipts1764330000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE subscription_deliveries
        ADD COLUMN acknowledged_at timestamptz,
        ADD COLUMN receipt         jsonb,
        ADD COLUMN receipt_key_id  text`);
    await db.query(
      'CREATE INDEX subscription_deliveries_unacknowledged_idx ON subscription_deliveries (subscription_id, sequence) WHERE acknowledged_at IS NULL',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX subscription_deliveries_unacknowledged_idx');
    await db.query('ALTER TABLE subscription_deliveries DROP COLUMN acknowledged_at, DROP COLUMN receipt, DROP COLUMN receipt_key_id');
  }
}
