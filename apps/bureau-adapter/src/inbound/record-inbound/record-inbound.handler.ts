import { Inject, Injectable, Logger } from '@nestjs/common';
import { adapterMetrics, HubReceipts, type AdapterMetrics, type ConsumedBatch, type SubscriptionConsumer } from '@hub/agency-kit';
import type { KafkaBatch } from '@hub/messaging';
import { Metrics } from '@hub/observability';
import type { DataSource } from 'typeorm';
import { BureauAdapterConfig } from '../../config/bureau-adapter-config.js';
import type { InboundApplied } from './apply-inbound-events.js';
import { bureauInboundConsumer } from './bureau-inbound-consumer.js';
import type { InboundEvent } from './inbound-event.js';

/** The pool on the bureau's database, sessions under `hub_inbound` (inboundDataSource). */
export const BUREAU_INBOUND_DB = Symbol('BUREAU_INBOUND_DB');
/** The bureau's receipts to the hub, or null when HUB_URL or HUB_API_KEY is not set. */
export const BUREAU_RECEIPTS = Symbol('BUREAU_RECEIPTS');

/**
 * Applies a batch of the bureau's inbound topic to its database with the agency kit's consumer (one
 * transaction: dead letters, inbox, records, sequence numbers), logs what it did and any gap, and
 * then sends a signed receipt for every delivery the bureau now holds.
 */
@Injectable()
export class RecordInboundHandler {
  private readonly logger = new Logger('BureauInbound');
  private readonly consumer: SubscriptionConsumer<InboundEvent, InboundApplied>;
  private readonly metrics: AdapterMetrics;

  constructor(
    @Inject(BUREAU_INBOUND_DB) db: DataSource,
    @Inject(BUREAU_RECEIPTS) private readonly receipts: HubReceipts | null,
    config: BureauAdapterConfig,
    metrics: Metrics,
  ) {
    this.consumer = bureauInboundConsumer(db, config.SEQUENCE_GAP_GRACE_MS);
    this.metrics = adapterMetrics(metrics, db, config.METRICS_CACHE_MS);
  }

  async execute(batch: KafkaBatch): Promise<void> {
    const started = performance.now();
    const outcome = await this.consumer.consume(batch);
    this.report(batch, outcome, Math.round(performance.now() - started));
    await this.acknowledge(outcome);
  }

  private async acknowledge(outcome: ConsumedBatch<InboundEvent, InboundApplied>): Promise<void> {
    if (!this.receipts) return;
    const deliveries = [...outcome.fresh, ...outcome.duplicates].flatMap(({ event, delivery }) =>
      delivery.sequence === null ? [] : [{ subscriptionId: delivery.subscriptionId, sequence: delivery.sequence, eventId: event.id }],
    );
    if (deliveries.length === 0) return;
    const sent = await this.receipts.send(deliveries);
    for (const failed of sent.failed)
      this.logger.warn({ message: 'receipt not taken by the hub; the delivery stays unacknowledged there', ...failed });
  }

  private report(batch: KafkaBatch, outcome: ConsumedBatch<InboundEvent, InboundApplied>, durationMs: number): void {
    const where = { topic: batch.topic, partition: batch.partition };
    this.metrics.recorded('applied', outcome.applied.applied.length);
    this.metrics.recorded('older', outcome.applied.older);
    this.metrics.recorded('duplicate', outcome.duplicates.length);
    this.metrics.recorded('ignored', outcome.ignored);
    this.metrics.recorded('dead_lettered', outcome.deadLettered.length);
    this.logger.log({
      message: 'hub deliveries applied to the bureau database',
      ...where,
      applied: outcome.applied.applied.length,
      older: outcome.applied.older,
      duplicates: outcome.duplicates.length,
      ignored: outcome.ignored,
      deadLettered: outcome.deadLettered.length,
      durationMs,
      correlationIds: outcome.applied.applied.map((event) => event.correlationId),
    });
    for (const record of outcome.deadLettered) {
      this.logger.warn({
        message: 'record dead-lettered',
        ...where,
        offset: record.message.offset,
        code: record.code,
        reason: record.reason,
      });
    }
    for (const gap of outcome.gaps) {
      this.logger.warn({
        message: 'deliveries missing from the subscription: a gap in its sequence numbers',
        subscriptionId: gap.subscriptionId,
        expectedSequence: gap.expected,
        receivedSequence: gap.received,
        hint: `replay the subscription from sequence ${gap.expected} (POST /v1/subscriptions/${gap.subscriptionId}/replays with fromSequence)`,
      });
    }
  }
}
