import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Metrics } from '@hub/observability';
import { DataSource } from 'typeorm';
import { HubConfig } from '../../config/hub-config.js';
import { ROLLED_UP, rollupDeltas, type CounterValues, type RollupRow } from './rollup-deltas.js';

const MINUTE_MS = 60_000;

/**
 * Writes the hub's counters per minute into `metric_rollups` (history for the ops console without a
 * metrics server): at each minute's end, one upsert adds what this process counted during it, so
 * the publish path does nothing more than the in-memory increment, and several processes add up.
 * A write that fails is retried with the next minute's (counted into that minute). A process with
 * the `audit` role also deletes rows past ROLLUP_RETENTION_DAYS.
 */
@Injectable()
export class MetricRollups implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(MetricRollups.name);
  private last = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly metrics: Metrics,
    private readonly dataSource: DataSource,
    private readonly config: HubConfig,
  ) {}

  onModuleInit(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** Adds what was counted since the last write to the current minute's rows (and retires old rows). */
  flush(at = new Date()): Promise<void> {
    this.writing = this.writing.then(() => this.write(at));
    return this.writing;
  }

  private schedule(): void {
    const untilNextMinute = MINUTE_MS - (Date.now() % MINUTE_MS);
    this.timer = setTimeout(() => {
      // Just before the boundary: what was counted belongs to the minute now ending.
      void this.flush(new Date(Date.now() - 1_000)).finally(() => {
        if (this.timer) this.schedule();
      });
    }, untilNextMinute + 1_000);
    this.timer.unref();
  }

  private async write(at: Date): Promise<void> {
    const values = new Map<string, CounterValues>();
    for (const { counter } of ROLLED_UP) {
      const metric = this.metrics.registry.getSingleMetric(counter);
      if (metric) values.set(counter, await metric.get());
    }
    const { rows, seen } = rollupDeltas((name) => values.get(name), this.last);
    try {
      if (rows.length > 0) await this.upsert(rows, at);
      this.last = seen;
      if (this.config.HUB_ROLES.includes('audit')) await this.retire();
    } catch (error) {
      this.logger.warn({ message: 'could not write the metric rollups; tried again next minute', rows: rows.length, error: String(error) });
    }
  }

  private async upsert(rows: readonly RollupRow[], at: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO metric_rollups (series, labels, minute, value)
       SELECT r.series, r.labels, date_trunc('minute', $2::timestamptz), r.value
         FROM json_to_recordset($1::json) AS r(series text, labels jsonb, value bigint)
       ON CONFLICT (series, minute, labels) DO UPDATE SET value = metric_rollups.value + EXCLUDED.value`,
      [JSON.stringify(rows), at.toISOString()],
    );
  }

  private async retire(): Promise<void> {
    await this.dataSource.query(`DELETE FROM metric_rollups WHERE minute < now() - make_interval(days => $1)`, [
      this.config.ROLLUP_RETENTION_DAYS,
    ]);
  }
}
