import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-minute rollups of the hub's counters (events accepted and refused, records relayed, webhook
 * outcomes), for time series without a metrics server: one row per minute, series and label set,
 * written by one upsert per minute from in-memory counters, deleted after ROLLUP_RETENTION_DAYS.
 */
export class CreateMetricRollups1764750000000 implements MigrationInterface {
  name = 'CreateMetricRollups1764750000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE metric_rollups (
        series text        NOT NULL,
        labels jsonb       NOT NULL CHECK (jsonb_typeof(labels) = 'object'),
        minute timestamptz NOT NULL CHECK (minute = date_trunc('minute', minute)),
        value  bigint      NOT NULL CHECK (value >= 0),
        PRIMARY KEY (series, minute, labels)
      )`);
    await db.query('CREATE INDEX metric_rollups_minute_idx ON metric_rollups (minute)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE metric_rollups');
  }
}
