import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LinkageConfig } from '../config/linkage-config.js';
import { retireLinkageRows } from './retire-linkage-rows.js';

/** Hourly, like the hub's and the adapter's retention. */
const RETENTION_EVERY_MS = 60 * 60 * 1000;
/** Batches in one run: at the default batch size, up to 1 M rows an hour. */
const MAX_BATCHES_PER_RUN = 200;

/** Retires published linkage events and old access log rows (retireLinkageRows) at start and then hourly; a failure is logged and tried again at the next run. */
@Injectable()
export class LinkageRetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LinkageRetentionService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: LinkageConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.retireInBackground(), RETENTION_EVERY_MS);
    this.timer.unref();
    this.retireInBackground();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  retireInBackground(): void {
    this.running ??= this.retire().finally(() => (this.running = undefined));
  }

  private async retire(): Promise<void> {
    try {
      const run = await retireLinkageRows(this.dataSource, {
        publishedDays: this.config.OUTBOX_RETENTION_DAYS,
        accessLogDays: this.config.ACCESS_LOG_RETENTION_DAYS,
        batchSize: this.config.RETENTION_BATCH_SIZE,
        maxBatches: MAX_BATCHES_PER_RUN,
      });
      if (run.ran) this.logger.log({ message: 'retention applied', ...run });
    } catch (error) {
      this.logger.error({ message: 'retention failed; tried again within the hour', error: String(error) });
    }
  }
}
