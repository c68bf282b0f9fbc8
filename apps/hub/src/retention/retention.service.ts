import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { HubConfig } from '../config/hub-config.js';
import { retireDoneRows, type RetentionSettings } from './retire-done-rows.js';

/** How often the retention job looks for rows past retention; like the audit archiver, hourly. */
export const RETENTION_EVERY_MS = 60 * 60 * 1000;

/** Batches per kind in one run: at the default batch size, up to 1 M rows of each kind an hour. */
const MAX_BATCHES_PER_RUN = 200;

/** The retention settings of HubConfig, in the shape retireDoneRows takes. */
export function retentionSettings(config: HubConfig): RetentionSettings {
  return {
    days: {
      events: config.EVENT_RETENTION_DAYS,
      subscriptionDeliveries: config.SUBSCRIPTION_DELIVERY_RETENTION_DAYS,
      webhookDeliveries: config.WEBHOOK_DELIVERY_RETENTION_DAYS,
      deadLetters: config.DEAD_LETTER_RETENTION_DAYS,
      withholdings: config.WITHHOLDING_RETENTION_DAYS,
      replays: config.REPLAY_RETENTION_DAYS,
    },
    batchSize: config.RETENTION_BATCH_SIZE,
    maxBatches: MAX_BATCHES_PER_RUN,
  };
}

/**
 * Retires what the hub is done with (audit role): at start and then hourly, stored events,
 * deliveries, withholdings, discarded dead letters and finished replays past their retention.
 * Several processes with the audit role take turns (an advisory lock); a run still under way is not
 * doubled.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetentionService.name);
  private running: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: HubConfig,
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

  /** One run; failures are logged and retried at the next look. */
  async retire(): Promise<void> {
    try {
      const run = await retireDoneRows(this.dataSource, retentionSettings(this.config));
      if (run.ran) this.logger.log({ message: 'retention applied', ...run });
    } catch (error) {
      this.logger.error({ message: 'retention failed; retrying within the hour', error: String(error) });
    }
  }
}
