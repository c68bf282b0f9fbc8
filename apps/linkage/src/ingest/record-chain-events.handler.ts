import { Injectable, Logger } from '@nestjs/common';
import {
  applyIsolatingRefused,
  DEAD_LETTER_CODES,
  parseInboundRecord,
  SubscriptionSequencesRepository,
  type SubscriptionGap,
} from '@hub/agency-kit';
import { recordDeadLetters, type KafkaBatch } from '@hub/messaging';
import { Metrics } from '@hub/observability';
import { DataSource } from 'typeorm';
import { LinkageConfig } from '../config/linkage-config.js';
import { NOTHING_DECIDED, add } from '../decide/redecide-subjects.js';
import { LinkageClock } from '../decide/linkage-clock.js';
import { LinkageRules } from '../decide/linkage-rules.js';
import { LinkageEventWriter } from '../publish/linkage-event-writer.js';
import { OutboxPublisher } from '../publish/outbox-publisher.service.js';
import { CasesRepository } from '../store/cases.repository.js';
import { DecisionsRepository } from '../store/decisions.repository.js';
import { LinkageInboxRepository } from '../store/linkage-inbox.repository.js';
import { PersonChainsRepository } from '../store/person-chains.repository.js';
import { applyLinkageBatch, receivedSequences, type LinkageBatchOutcome } from './apply-linkage-batch.js';
import type { LinkageRecord } from './linkage-dead-letters.js';
import { linkageMetrics, type CountLinkedBatch } from './linkage-metrics.js';
import { readChainEvent } from './read-chain-event.js';
import { transactionRetried, type RetriedReason, type TransactionRetry } from './retry-transaction.js';

const EMPTY: LinkageBatchOutcome = {
  applied: 0,
  duplicates: 0,
  ignored: 0,
  subjects: 0,
  decided: NOTHING_DECIDED,
  deadLettered: [],
};

/**
 * Applies a batch of `agency.linkage.inbound` in one transaction (applyLinkageBatch): chains,
 * inbox, decisions, cases and the linkage events announcing them commit together, and the offsets
 * only after. Partitions are consumed concurrently (PARTITIONS_CONSUMED_CONCURRENTLY), so two
 * batches can lock each other (a family member's chain in one, the family's permit in the other):
 * PostgreSQL fails one as a deadlock, and that transaction is run again here after a short random
 * wait (transactionRetried; counted in `linkage_transaction_retries_total{reason}` and logged)
 * rather than the batch going back to Kafka. A record whose data the database refuses is found by applying the batch one record at
 * a time and dead-lettered; a database that cannot be reached fails the batch, which Kafka delivers
 * again. After the commit the publisher is woken for the new events.
 */
@Injectable()
export class RecordChainEventsHandler {
  private readonly logger = new Logger(RecordChainEventsHandler.name);
  private readonly count: CountLinkedBatch;
  private readonly retried: (reason: RetriedReason) => void;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: LinkageConfig,
    private readonly clock: LinkageClock,
    private readonly rules: LinkageRules,
    private readonly inbox: LinkageInboxRepository,
    private readonly chains: PersonChainsRepository,
    private readonly decisions: DecisionsRepository,
    private readonly cases: CasesRepository,
    private readonly sequences: SubscriptionSequencesRepository,
    private readonly events: LinkageEventWriter,
    private readonly publisher: OutboxPublisher,
    metrics: Metrics,
  ) {
    this.count = linkageMetrics(metrics, dataSource, config.METRICS_CACHE_MS);
    const retries = metrics.counter(
      'linkage_transaction_retries_total',
      'Batch transactions PostgreSQL failed as a deadlock or serialization failure and the service ran again.',
      ['reason'],
    );
    this.retried = (reason) => retries.inc({ reason });
  }

  async execute(batch: KafkaBatch): Promise<void> {
    const started = performance.now();
    const parsed = batch.messages.map((message) => parseInboundRecord(message, readChainEvent, { recorder: 'the linkage service' }));
    const outcome = await applyIsolatingRefused(parsed, {
      apply: (records) => this.apply(batch, records),
      merge: merge,
      empty: () => EMPTY,
      refused: (record, error): LinkageRecord => ({
        kind: 'invalid',
        message: record.message,
        delivery: record.delivery,
        code: DEAD_LETTER_CODES.refusedByDatabase,
        reason: `the database refused the record's data: ${error.message}`,
      }),
    });
    if (outcome.decided.eventsWritten > 0) this.publisher.wake();
    // After the commit, so that the batches of the other partitions never wait for this one's sequence numbers.
    const gaps = await this.sequences.settle(
      (work) => this.dataSource.transaction(work),
      receivedSequences(parsed),
      this.clock.now(),
      this.config.SEQUENCE_GAP_GRACE_MS,
    );
    this.count(outcome);
    this.report(batch, outcome, gaps, Math.round(performance.now() - started));
  }

  private apply(batch: KafkaBatch, records: readonly LinkageRecord[]): Promise<LinkageBatchOutcome> {
    const asOf = this.clock.today();
    const onRetry = (retry: TransactionRetry): void => {
      this.retried(retry.reason);
      this.logger.warn({
        message: 'batch transaction failed and is run again',
        topic: batch.topic,
        partition: batch.partition,
        reason: retry.reason,
        attempt: retry.attempt,
        delayMs: retry.delayMs,
        error: retry.error.message,
      });
    };
    return transactionRetried(
      this.dataSource,
      (tx) =>
        applyLinkageBatch(tx, batch, records, {
          inbox: this.inbox,
          chains: this.chains,
          decisions: this.decisions,
          cases: this.cases,
          events: this.events,
          sequences: this.sequences,
          recordDeadLetters,
          context: this.rules.contextAt(asOf),
          now: this.clock.now(),
        }),
      { onRetry },
    );
  }

  private report(batch: KafkaBatch, outcome: LinkageBatchOutcome, gaps: readonly SubscriptionGap[], durationMs: number): void {
    const where = { topic: batch.topic, partition: batch.partition };
    this.logger.log({
      message: 'events linked',
      ...where,
      applied: outcome.applied,
      duplicates: outcome.duplicates,
      ignored: outcome.ignored,
      people: outcome.subjects,
      ...outcome.decided,
      deadLettered: outcome.deadLettered.length,
      durationMs,
    });
    for (const entry of outcome.deadLettered) {
      this.logger.warn({
        message: 'record dead-lettered',
        ...where,
        offset: entry.offset,
        code: entry.errorCode,
        reason: entry.errorMessage,
      });
    }
    for (const gap of gaps) {
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

function merge(a: LinkageBatchOutcome, b: LinkageBatchOutcome): LinkageBatchOutcome {
  return {
    applied: a.applied + b.applied,
    duplicates: a.duplicates + b.duplicates,
    ignored: a.ignored + b.ignored,
    subjects: a.subjects + b.subjects,
    decided: add(a.decided, b.decided),
    deadLettered: [...a.deadLettered, ...b.deadLettered],
  };
}
