import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the console's per-minute samples and lag reads need, so that none of them scans a large
 * table: webhook deliveries delivered in a minute (`delivered_at`), receipts recorded in a minute
 * (`webhook_receipts.recorded_at`, `subscription_deliveries.acknowledged_at`), and a webhook
 * subscription's deliveries still waiting for delivery or a receipt, by sequence. The partial ones
 * hold only what the query looks for.
 */
export class AddConsoleIndexes1764800000001 implements MigrationInterface {
  name = 'AddConsoleIndexes1764800000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX webhook_deliveries_delivered_at_idx ON webhook_deliveries (delivered_at) WHERE delivered_at IS NOT NULL');
    await db.query(
      `CREATE INDEX webhook_deliveries_waiting_idx ON webhook_deliveries (subscription_id, sequence)
        WHERE status IN ('pending', 'delivered') AND acknowledged_at IS NULL`,
    );
    await db.query('CREATE INDEX webhook_receipts_recorded_idx ON webhook_receipts (recorded_at)');
    await db.query(
      'CREATE INDEX subscription_deliveries_acknowledged_idx ON subscription_deliveries (acknowledged_at) WHERE acknowledged_at IS NOT NULL',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      'DROP INDEX webhook_deliveries_delivered_at_idx, webhook_deliveries_waiting_idx, webhook_receipts_recorded_idx, subscription_deliveries_acknowledged_idx',
    );
  }
}
