import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sampleMinute } from './minute-samples.js';

const MINUTE_MS = 60_000;

/**
 * Writes sampleMinute's rows for each minute just ended (run by the `console` role, which shows
 * them). A sample replaces the minute's row rather than adding to it, so several console processes
 * sampling the same minute store it once. When it last ran, the minute sampled, for the lag page.
 */
@Injectable()
export class MinuteSampler implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(MinuteSampler.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Samples the minute that ends at `end` (rounded down to a minute) and stores it under that minute's start. */
  sample(end = new Date()): Promise<void> {
    const to = new Date(Math.floor(end.getTime() / MINUTE_MS) * MINUTE_MS);
    const from = new Date(to.getTime() - MINUTE_MS);
    this.running = this.running.then(() => this.write(from, to));
    return this.running;
  }

  private schedule(): void {
    const untilNextMinute = MINUTE_MS - (Date.now() % MINUTE_MS);
    this.timer = setTimeout(() => {
      void this.sample().finally(() => {
        if (this.timer) this.schedule();
      });
    }, untilNextMinute + 2_000);
    this.timer.unref();
  }

  private async write(from: Date, to: Date): Promise<void> {
    try {
      const rows = await sampleMinute(this.dataSource, from, to);
      await this.dataSource.query(
        `INSERT INTO metric_rollups (series, labels, minute, value)
         SELECT r.series, r.labels, $2::timestamptz, r.value
           FROM json_to_recordset($1::json) AS r(series text, labels jsonb, value bigint)
         ON CONFLICT (series, minute, labels) DO UPDATE SET value = EXCLUDED.value`,
        [JSON.stringify(rows), from.toISOString()],
      );
    } catch (error) {
      this.logger.warn({
        message: 'could not sample the minute into the metric rollups',
        minute: from.toISOString(),
        error: String(error),
      });
    }
  }
}
