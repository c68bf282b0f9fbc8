import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the retention job searches by: each table's age column, limited to the rows it may retire,
 * and the withholdings by event (an event is deleted only once no withholding names it; their key
 * starts with the subscription). Idempotent, so a database that has some of them keeps migrating.
 */
export class AddRetentionIndexes1764450000000 implements MigrationInterface {
  name = 'AddRetentionIndexes1764450000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX IF NOT EXISTS subscription_deliveries_routed_idx ON subscription_deliveries (routed_at)');
    await db.query('CREATE INDEX IF NOT EXISTS subscription_withholdings_withheld_idx ON subscription_withholdings (withheld_at)');
    await db.query('CREATE INDEX IF NOT EXISTS subscription_withholdings_event_idx ON subscription_withholdings (event_id)');
    await db.query(
      `CREATE INDEX IF NOT EXISTS webhook_deliveries_delivered_idx ON webhook_deliveries (delivered_at) WHERE status = 'delivered'`,
    );
    await db.query(
      `CREATE INDEX IF NOT EXISTS webhook_deliveries_discarded_idx ON webhook_deliveries (discarded_at) WHERE status = 'discarded'`,
    );
    await db.query(
      `CREATE INDEX IF NOT EXISTS subscription_replays_finished_idx ON subscription_replays (finished_at) WHERE status IN ('done', 'failed')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS subscription_replays_finished_idx, webhook_deliveries_discarded_idx,
      webhook_deliveries_delivered_idx, subscription_withholdings_event_idx, subscription_withholdings_withheld_idx,
      subscription_deliveries_routed_idx`);
  }
}
