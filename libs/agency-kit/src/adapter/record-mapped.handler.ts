import { Logger } from '@nestjs/common';
import type { KafkaBatch } from '@hub/messaging';
import type { AdapterMetrics } from '../metrics/adapter-metrics.js';
import type { HubReceipts } from '../receipts/hub-receipts.js';
import type { ConsumedBatch, SubscriptionConsumer } from '../subscription/subscription-consumer.js';
import type { ReceivedEvent } from './agency-adapter-definition.js';
import type { MappedApplied } from './mapped-consumer.js';

type Consumed = ConsumedBatch<ReceivedEvent<unknown>, MappedApplied>;

/**
 * One batch of the agency's inbound topic through the kit's consumer (inbox, order, sequence
 * numbers, dead letters, one transaction), counted in the adapter's metrics and logged (dead
 * letters and gaps each with what to do), then acknowledged to the hub with signed receipts for
 * every delivery the agency now holds. A receipt the hub does not take leaves the delivery listed
 * there as unacknowledged (logged), never a failed batch.
 */
export class RecordMappedHandler {
  private readonly logger = new Logger(RecordMappedHandler.name);

  constructor(
    readonly consumer: SubscriptionConsumer<ReceivedEvent<unknown>, MappedApplied>,
    private readonly metrics: AdapterMetrics,
    private readonly receipts: HubReceipts,
  ) {}

  async execute(batch: KafkaBatch): Promise<void> {
    const started = performance.now();
    const outcome = await this.consumer.consume(batch);
    this.report(batch, outcome, Math.round(performance.now() - started));
    await this.acknowledge(outcome);
  }

  private async acknowledge(outcome: Consumed): Promise<void> {
    const deliveries = [...outcome.fresh, ...outcome.duplicates].flatMap(({ event, delivery }) =>
      delivery.sequence === null ? [] : [{ subscriptionId: delivery.subscriptionId, sequence: delivery.sequence, eventId: event.id }],
    );
    if (deliveries.length === 0) return;
    const sent = await this.receipts.send(deliveries);
    for (const failed of sent.failed)
      this.logger.warn({ message: 'receipt not taken by the hub; the delivery stays unacknowledged there', ...failed });
  }

  private report(batch: KafkaBatch, outcome: Consumed, durationMs: number): void {
    const where = { topic: batch.topic, partition: batch.partition };
    this.metrics.recorded('applied', outcome.applied.length);
    this.metrics.recorded('duplicate', outcome.duplicates.length);
    this.metrics.recorded('ignored', outcome.ignored);
    this.metrics.recorded('dead_lettered', outcome.deadLettered.length);
    if (outcome.applied.length + outcome.duplicates.length + outcome.deadLettered.length > 0) {
      this.logger.log({
        message: 'inbound events recorded',
        ...where,
        applied: outcome.applied.length,
        duplicates: outcome.duplicates.length,
        ignored: outcome.ignored,
        deadLettered: outcome.deadLettered.length,
        durationMs,
      });
    }
    for (const record of outcome.deadLettered) {
      this.logger.warn({
        message: 'record dead-lettered',
        ...where,
        offset: record.message.offset,
        code: record.code,
        subscriptionId: record.delivery?.subscriptionId,
        sequence: record.delivery?.sequence,
        hint: 'list it with GET /v1/dead-letters (or the CLI dead-letters command), redrive it once fixed, or discard it with a reason',
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
