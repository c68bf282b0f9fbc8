import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LinkageConfig } from '../config/linkage-config.js';
import { LinkageOutboxRepository } from '../store/linkage-outbox.repository.js';
import { HubEventsClient } from './hub-events-client.js';
import { publishOutboxBatch, type PublishRound } from './publish-outbox-batch.js';

const MAX_BACKOFF_MS = 60_000;

/**
 * Drains `linkage_outbox` to the hub: woken after each commit that wrote events (and every
 * PUBLISH_EVERY_MS), one publisher at a time across processes (publishOutboxBatch under the
 * outbox's advisory lock), rows in id order so each subject's events arrive in order. A refusal is
 * logged with the hub's problem and kept; the hub being down or busy is retried with exponential
 * backoff (honouring Retry-After).
 */
@Injectable()
export class OutboxPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxPublisher.name);
  private readonly client: HubEventsClient;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private failures = 0;
  private pausedUntil = 0;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: LinkageOutboxRepository,
    private readonly config: LinkageConfig,
  ) {
    this.client = new HubEventsClient(config.HUB_URL, config.hubApiKey());
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.wake(), this.config.PUBLISH_EVERY_MS);
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Publishes what waits, now (or right after the round under way). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Publishes until nothing waits or the hub cannot take more now; for specs, resolves when done. */
  async drain(): Promise<void> {
    while (!this.stopped && Date.now() >= this.pausedUntil) {
      let round: PublishRound | undefined;
      try {
        round = await this.dataSource.transaction(async (tx) =>
          (await this.outbox.takePublisherTurn(tx))
            ? publishOutboxBatch(tx, this.outbox, (events) => this.client.publish(events), this.config.PUBLISH_BATCH_SIZE)
            : undefined,
        );
      } catch (error) {
        this.backOff(`the outbox cannot be read: ${(error as Error).message}`);
        return;
      }
      if (!round) return;
      this.report(round);
      if (round.retry) {
        this.backOff(round.retry.reason, round.retry.retryAfterMs);
        return;
      }
      this.failures = 0;
      if (!round.more) return;
    }
  }

  private backOff(reason: string, retryAfterMs?: number): void {
    this.failures += 1;
    const delay = retryAfterMs ?? Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(this.failures, 10)) * (0.5 + Math.random() / 2);
    this.pausedUntil = Date.now() + delay;
    this.logger.warn({
      message: 'linkage events not published yet; retrying',
      reason,
      retryInMs: Math.round(delay),
      failures: this.failures,
    });
  }

  private report(round: PublishRound): void {
    if (round.published > 0) this.logger.log({ message: 'linkage events published', published: round.published });
    for (const refused of round.refused) {
      this.logger.error({
        message: 'the hub refused a linkage event; it is kept in linkage_outbox.refused and not sent again',
        eventId: refused.eventId,
        eventType: refused.eventType,
        problem: refused.problem,
        hint: 'check the linkage agency’s publish grants and signing key at the hub, and the linkage.* contracts',
      });
    }
  }
}
