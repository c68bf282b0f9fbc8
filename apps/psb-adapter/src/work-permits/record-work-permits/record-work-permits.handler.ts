import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  adapterMetrics,
  HubReceipts,
  SubscriptionSequencesRepository,
  type AdapterMetrics,
  type ConsumedBatch,
  type SubscriptionConsumer,
} from '@hub/agency-kit';
import type { KafkaBatch } from '@hub/messaging';
import { Metrics } from '@hub/observability';
import { DataSource } from 'typeorm';
import { PsbAdapterConfig } from '../../config/psb-adapter-config.js';
import type { PermitsApplied } from './apply-batch.js';
import type { PermitEvent } from './permit-event.js';
import { WorkPermitRecordsRepository } from './work-permit-records.repository.js';
import { workPermitsConsumer } from './work-permits-consumer.js';

/** The agency's receipts to the hub, when the adapter is given the hub's URL, an API key and the agency's signing key. */
export const PSB_RECEIPTS = Symbol('PSB_RECEIPTS');

type BatchOutcome = ConsumedBatch<PermitEvent, PermitsApplied>;

/**
 * Applies a batch of the agency's inbound records to public security's work-permit records with
 * the agency kit's SubscriptionConsumer, in one transaction: poison records parked as dead letters
 * (never retried, never blocking the records behind them), each new event applied once (the inbox
 * commits with its effect), and the subscriptions' sequence numbers tracked. Offsets are committed
 * only after it succeeds. A database that cannot be reached fails the batch, which Kafka delivers
 * again; a record whose data the database refuses is found by applying the batch one record at a
 * time, and dead-lettered. After the commit, each recorded delivery is acknowledged to the hub with
 * a signed receipt (when receipts are configured).
 */
@Injectable()
export class RecordWorkPermitsHandler {
  private readonly logger = new Logger(RecordWorkPermitsHandler.name);
  private readonly metrics: AdapterMetrics;
  readonly consumer: SubscriptionConsumer<PermitEvent, PermitsApplied>;

  constructor(
    permits: WorkPermitRecordsRepository,
    sequences: SubscriptionSequencesRepository,
    dataSource: DataSource,
    config: PsbAdapterConfig,
    metrics: Metrics,
    @Optional() @Inject(PSB_RECEIPTS) private readonly receipts?: HubReceipts | null,
  ) {
    this.metrics = adapterMetrics(metrics, dataSource, config.METRICS_CACHE_MS);
    this.consumer = workPermitsConsumer({ dataSource, permits, sequences, gapGraceMs: config.SEQUENCE_GAP_GRACE_MS });
  }

  async execute(batch: KafkaBatch): Promise<void> {
    const started = performance.now();
    const outcome = await this.consumer.consume(batch);
    this.report(batch, outcome, Math.round(performance.now() - started));
    await this.acknowledge(outcome);
  }

  /** Receipts for what the agency now holds: the events applied now and those it had already. */
  private async acknowledge(outcome: BatchOutcome): Promise<void> {
    if (!this.receipts) return;
    const deliveries = [...outcome.fresh, ...outcome.duplicates].flatMap(({ event, delivery }) =>
      delivery.sequence === null ? [] : [{ subscriptionId: delivery.subscriptionId, sequence: delivery.sequence, eventId: event.id }],
    );
    if (deliveries.length === 0) return;
    const sent = await this.receipts.send(deliveries);
    for (const failed of sent.failed) {
      this.logger.warn({
        message: 'receipt not taken by the hub; the delivery stays unacknowledged there',
        subscriptionId: failed.subscriptionId,
        sequence: failed.sequence,
        eventId: failed.eventId,
        reason: failed.reason,
      });
    }
  }

  private count(outcome: BatchOutcome): void {
    this.metrics.recorded('applied', outcome.applied.applied.length);
    this.metrics.recorded('duplicate', outcome.duplicates.length);
    this.metrics.recorded('older', outcome.applied.older);
    this.metrics.recorded('without_record', outcome.applied.withoutPermit.length);
    this.metrics.recorded('ignored', outcome.ignored);
    this.metrics.recorded('dead_lettered', outcome.deadLettered.length);
  }

  private report(batch: KafkaBatch, outcome: BatchOutcome, durationMs: number): void {
    const where = { topic: batch.topic, partition: batch.partition };
    this.count(outcome);
    this.logger.log({
      message: 'work permits recorded',
      ...where,
      applied: outcome.applied.applied.length,
      duplicates: outcome.duplicates.length,
      older: outcome.applied.older,
      withoutPermit: outcome.applied.withoutPermit.length,
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
        subscriptionId: record.delivery?.subscriptionId,
        sequence: record.delivery?.sequence,
      });
    }
    if (outcome.applied.withoutPermit.length > 0) {
      this.logger.warn({
        message: 'changes to permits public security holds no record of (issued before the subscription); not applied',
        ...where,
        eventIds: outcome.applied.withoutPermit,
        hint: 'replay the subscription from a time before the permits were issued (POST /v1/subscriptions/{id}/replays with fromTime)',
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
