import { Injectable, Logger } from '@nestjs/common';
import { adapterMetrics, applyIsolatingRefused, SubscriptionSequencesRepository, type AdapterMetrics } from '@hub/agency-kit';
import { recordDeadLetters, type KafkaBatch } from '@hub/messaging';
import { Metrics } from '@hub/observability';
import { DataSource } from 'typeorm';
import { PsbAdapterConfig } from '../../config/psb-adapter-config.js';
import { applyBatch, emptyOutcome, mergeOutcomes, type BatchOutcome } from './apply-batch.js';
import { DEAD_LETTER_CODES, parseRecord, type ParsedRecord } from './parse-record.js';
import { WorkPermitRecordsRepository } from './work-permit-records.repository.js';

/**
 * Applies a batch of the agency's inbound records to public security's work-permit records, in one
 * transaction: poison records parked as dead letters (never retried, never blocking the records
 * behind them), each new event applied once (the inbox commits with its effect), and the
 * subscriptions' sequence numbers tracked. Offsets are committed only after it succeeds. A database
 * that cannot be reached fails the batch, which Kafka delivers again; a record whose data the
 * database refuses is found by applying the batch one record at a time, and dead-lettered.
 */
@Injectable()
export class RecordWorkPermitsHandler {
  private readonly logger = new Logger(RecordWorkPermitsHandler.name);
  private readonly metrics: AdapterMetrics;

  constructor(
    private readonly permits: WorkPermitRecordsRepository,
    private readonly sequences: SubscriptionSequencesRepository,
    private readonly dataSource: DataSource,
    private readonly config: PsbAdapterConfig,
    metrics: Metrics,
  ) {
    this.metrics = adapterMetrics(metrics, dataSource, config.METRICS_CACHE_MS);
  }

  async execute(batch: KafkaBatch): Promise<void> {
    const started = performance.now();
    const parsed = batch.messages.map(parseRecord);
    const outcome = await applyIsolatingRefused(parsed, {
      apply: (records) => this.apply(batch, records),
      merge: mergeOutcomes,
      empty: emptyOutcome,
      refused: (record, error): ParsedRecord => ({
        kind: 'invalid',
        message: record.message,
        delivery: record.delivery,
        code: DEAD_LETTER_CODES.refusedByDatabase,
        reason: `the database refused the record's data: ${error.message}`,
      }),
    });
    this.report(batch, outcome, Math.round(performance.now() - started));
  }

  private apply(batch: KafkaBatch, records: readonly ParsedRecord[]): Promise<BatchOutcome> {
    return this.dataSource.transaction((tx) =>
      applyBatch(tx, batch, records, {
        permits: this.permits,
        sequences: this.sequences,
        recordDeadLetters,
        now: new Date(),
        gapGraceMs: this.config.SEQUENCE_GAP_GRACE_MS,
      }),
    );
  }

  private count(outcome: BatchOutcome): void {
    this.metrics.recorded('applied', outcome.applied.length);
    this.metrics.recorded('duplicate', outcome.duplicates);
    this.metrics.recorded('older', outcome.older);
    this.metrics.recorded('without_record', outcome.withoutPermit.length);
    this.metrics.recorded('ignored', outcome.ignored);
    this.metrics.recorded('dead_lettered', outcome.deadLettered.length);
  }

  private report(batch: KafkaBatch, outcome: BatchOutcome, durationMs: number): void {
    const where = { topic: batch.topic, partition: batch.partition };
    this.count(outcome);
    this.logger.log({
      message: 'work permits recorded',
      ...where,
      applied: outcome.applied.length,
      duplicates: outcome.duplicates,
      older: outcome.older,
      withoutPermit: outcome.withoutPermit.length,
      ignored: outcome.ignored,
      deadLettered: outcome.deadLettered.length,
      durationMs,
      correlationIds: outcome.applied.map((event) => event.correlationId),
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
    if (outcome.withoutPermit.length > 0) {
      this.logger.warn({
        message: 'changes to permits public security holds no record of (issued before the subscription); not applied',
        ...where,
        eventIds: outcome.withoutPermit,
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
