import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { WebhookDeliveryWorker } from '@hub/delivery';
import { Metrics } from '@hub/observability';
import { DataSource } from 'typeorm';
import { AgencyRegistry } from '../agencies/index.js';
import { HubConfig } from '../config/hub-config.js';
import { recordWebhookAttempts } from './record-webhook-attempts.js';
import { deliveryPorts, webhookLogger, webhookSigningKey } from './webhook-deliveries.provider.js';

/**
 * Sends the queued webhook deliveries (`dispatch` role): signed with WEBHOOK_SIGNING_KEY, retried
 * with backoff, dead-lettered after WEBHOOK_MAX_ATTEMPTS or WEBHOOK_MAX_AGE_HOURS. Several processes
 * share the queue through leases; a process killed mid-attempt leaves its claims to the others.
 */
@Injectable()
export class WebhookWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker: WebhookDeliveryWorker | undefined;

  constructor(
    private readonly config: HubConfig,
    private readonly dataSource: DataSource,
    private readonly registry: AgencyRegistry,
    private readonly metrics: Metrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const privateKey = webhookSigningKey(this.config);
    if (!privateKey) {
      webhookLogger.warn('WEBHOOK_SIGNING_KEY is not set: no webhooks are sent, and webhook subscriptions are refused.');
      return;
    }
    const { audit, verifyReceipt, cipher } = deliveryPorts(this.registry, this.config);
    this.worker = new WebhookDeliveryWorker(
      this.dataSource,
      {
        signingKey: { keyId: this.config.WEBHOOK_SIGNING_KEY_ID, privateKey },
        retry: {
          baseDelayMs: this.config.WEBHOOK_BASE_DELAY_MS,
          maxDelayMs: this.config.WEBHOOK_MAX_DELAY_MS,
          maxAttempts: this.config.WEBHOOK_MAX_ATTEMPTS,
          maxAgeMs: this.config.WEBHOOK_MAX_AGE_HOURS * 3_600_000,
        },
        attemptTimeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
        concurrency: this.config.WEBHOOK_CONCURRENCY,
        allowPlainHttp: this.config.WEBHOOK_ALLOW_PLAIN_HTTP === 'true',
        allowedTargets: this.config.WEBHOOK_ALLOWED_HOSTS,
        listenUrl: this.config.DATABASE_URL,
      },
      { audit, verifyReceipt, cipher, logger: webhookLogger, onAttempt: recordWebhookAttempts(this.metrics) },
    );
    await this.worker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.stop();
  }
}
