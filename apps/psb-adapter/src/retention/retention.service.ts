import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { PsbAdapterConfig } from '../config/psb-adapter-config.js';
import { retireAdapterRows } from './retire-adapter-rows.js';

/** Hourly, like the hub's retention job. */
const RETENTION_EVERY_MS = 60 * 60 * 1000;
/** Batches per kind in one run: at the default batch size, up to 1 M rows of each an hour. */
const MAX_BATCHES_PER_RUN = 200;

/** Deletes inbox rows and permit-read records past retention, at start and then hourly; failures are retried at the next look. */
@Injectable()
export class AdapterRetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AdapterRetentionService.name);
  private running: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: PsbAdapterConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.retireInBackground();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running;
  }

  @Interval('retention', RETENTION_EVERY_MS)
  retireInBackground(): void {
    this.running ??= this.retire().finally(() => (this.running = undefined));
  }

  async retire(): Promise<void> {
    try {
      const run = await retireAdapterRows(this.dataSource, {
        inboxDays: this.config.INBOX_RETENTION_DAYS,
        readLogDays: this.config.READ_LOG_RETENTION_DAYS,
        batchSize: this.config.RETENTION_BATCH_SIZE,
        maxBatches: MAX_BATCHES_PER_RUN,
      });
      if (run.ran) this.logger.log({ message: 'retention applied', ...run });
    } catch (error) {
      this.logger.error({ message: 'retention failed; retrying within the hour', error: String(error) });
    }
  }
}
