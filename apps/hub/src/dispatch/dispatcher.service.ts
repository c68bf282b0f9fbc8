import { DISPATCH_TOPIC } from '@hub/contracts';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  createKafka,
  ensureTopics,
  recordDeadLetters,
  retryConnecting,
  type ConsumedBatch,
  type ConsumedRecord,
  type KafkaClient,
  type KafkaConsumer,
} from '@hub/messaging';
import { Metrics, recordConsumedBatches, type ConsumedBatchReport } from '@hub/observability';
import { DataSource } from 'typeorm';
import { AgencyRegistry } from '../agencies/index.js';
import { dataFingerprint, LiveSnapshot } from '../kernel/index.js';
import { HubConfig } from '../config/hub-config.js';
import { PolicyService } from '../policy/index.js';
import { type Subscription, SubscriptionsRepository } from '../subscriptions/index.js';
import { deadLetterEntry } from './dispatch-records/dead-letter-entry.js';
import { dispatchRecords } from './dispatch-records/dispatch-records.js';
import { countsAgainstRecord, judgeFailedRecord, RecordAttempts } from './dispatch-records/record-failures.js';
import { DispatchRepository } from './dispatch.repository.js';
import { DispatchStallMonitor } from './dispatch-stall-monitor.js';

/** How far the relays' clocks may run ahead of the dispatcher's. */
const CLOCK_SKEW_MS = 2_000;

/**
 * The drain of the dispatch stream (`dispatch` role). Events are routed at commit now (see
 * EventStoreRepository); versions before sent every accepted event to DISPATCH_TOPIC, and what they
 * left there at an upgrade is delivered by this consumer as before. It consumes that ordered stream
 * in the DISPATCH_CONSUMER_GROUP group
 * and routes each event to the subscriptions that may have it. A batch is recorded in one database
 * transaction (deliveries, outbox rows for the agencies' inbound topics, audit rows) and its
 * offsets are resolved only after that commit; a batch Kafka delivers again is recognised per
 * subscription and event, so nothing is sent twice. The stream is keyed by subject in commit order,
 * and the outbox keeps that order on the way out, so each subject's events reach every subscriber in order.
 * A record that is not an event, names an event the store does not hold, or whose routing fails,
 * goes to `dead_letters` with the reason (in the same transaction) and never blocks the records
 * behind it; so does, after DISPATCH_MAX_ATTEMPTS tries, a record whose recording the database
 * refuses every time. A copy of a record (the relay writes at least once) is harmless. A database
 * outage holds the partition (its records are tried again with a growing pause, never parked) and
 * the stall monitor raises the alarm.
 */
@Injectable()
export class DispatcherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Dispatcher');
  private readonly subscriptions: LiveSnapshot<Subscription[]>;
  private readonly readyTopics = new Set<string>();
  private consumer: KafkaConsumer | undefined;
  private kafka: KafkaClient | undefined;
  private stopping = false;
  /** When the newest load of the subscriptions began (ms since the epoch, this process's clock). */
  private loadedFrom = 0;
  private connecting: Promise<void> | undefined;
  private readonly attempts = new RecordAttempts();
  /** Failures in a row that were not the records' own (the database or Kafka away): the pause grows with them. */
  private passingFailures = 0;
  private readonly reportBatch: (report: ConsumedBatchReport) => void;

  constructor(
    private readonly config: HubConfig,
    private readonly dataSource: DataSource,
    private readonly registry: AgencyRegistry,
    private readonly policies: PolicyService,
    private readonly dispatch: DispatchRepository,
    private readonly stallMonitor: DispatchStallMonitor,
    repository: SubscriptionsRepository,
    metrics: Metrics,
  ) {
    this.reportBatch = recordConsumedBatches(metrics);
    this.subscriptions = new LiveSnapshot({
      load: () => repository.active(),
      channel: 'hub_subscriptions',
      fingerprint: dataFingerprint,
      databaseUrl: config.DATABASE_URL,
      intervalMs: config.REGISTRY_REFRESH_INTERVAL_MS,
      logger: this.logger,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.subscriptions.start();
    this.connecting = this.connectWhenReachable();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.connecting;
    await this.stallMonitor.stop();
    await this.consumer?.disconnect().catch(() => undefined);
    await this.subscriptions.stop();
  }

  private async connectWhenReachable(): Promise<void> {
    const kafka = createKafka(
      { brokers: this.config.KAFKA_BROKERS, clientId: 'hub-dispatcher', security: this.config.kafkaSecurity() },
      this.logger,
    );
    this.kafka = kafka;
    const topics = [DISPATCH_TOPIC];
    await retryConnecting({
      connect: async () => {
        await ensureTopics(
          kafka,
          topics.map((topic) => this.topicSpec(topic)),
        );
        await this.stallMonitor.start(kafka);
        // kafkajs restarts a crashed consumer (a broker outage) on a timer that disconnect() does not
        // cancel: refuse restarts once stopping, and leave again if a restart connects anyway.
        const consumer = kafka.consumer({
          groupId: this.config.DISPATCH_CONSUMER_GROUP,
          allowAutoTopicCreation: false,
          retry: { restartOnFailure: () => Promise.resolve(!this.stopping) },
        });
        this.consumer = consumer;
        consumer.on(consumer.events.CONNECT, () => {
          if (this.stopping) void consumer.disconnect().catch(() => undefined);
        });
        await consumer.connect();
        await consumer.subscribe({ topics, fromBeginning: true });
        await consumer.run({ eachBatchAutoResolve: false, eachBatch: (payload) => this.handle(payload) });
        this.logger.log({ message: 'dispatcher started', group: this.config.DISPATCH_CONSUMER_GROUP, topics });
      },
      cleanUp: async () => {
        await this.consumer?.disconnect().catch(() => undefined);
        this.consumer = undefined;
      },
      stopping: () => this.stopping,
      waiting: 'Kafka not reachable yet; the dispatcher waits',
      logger: this.logger,
    });
  }

  /**
   * One batch: recorded whole in one transaction, or (when that fails) record by record, so a record
   * that keeps failing is found, tried DISPATCH_MAX_ATTEMPTS times and parked in `dead_letters`
   * while the records behind it go on. Nothing is thrown back to kafkajs: a thrown batch crashes the
   * consumer, which leaves its partitions unread while the group rebalances.
   */
  private async handle(payload: ConsumedBatch): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
    const started = process.hrtime.bigint();
    try {
      await this.dispatchRecords(batch, batch.messages);
      this.reportBatch({
        topic: batch.topic,
        partition: batch.partition,
        groupId: this.config.DISPATCH_CONSUMER_GROUP,
        messages: batch.messages.length,
        durationSeconds: Number(process.hrtime.bigint() - started) / 1e9,
        lagMessages: Number(batch.offsetLag()),
        newestTimestampMs: Number(batch.messages.at(-1)?.timestamp ?? Date.now()),
      });
      for (const message of batch.messages) this.attempts.settled(batch.partition, message.offset);
      this.passingFailures = 0;
      payload.resolveOffset(batch.lastOffset());
    } catch (error) {
      this.logger.warn({
        message: 'dispatch batch failed; recording its records one at a time',
        partition: batch.partition,
        firstOffset: batch.firstOffset(),
        lastOffset: batch.lastOffset(),
        error: String(error),
      });
      await this.oneByOne(payload);
    }
    await payload.commitOffsetsIfNecessary();
    await payload.heartbeat();
  }

  /**
   * Records the batch's records one at a time up to the first that fails. That one is parked once it
   * has failed DISPATCH_MAX_ATTEMPTS times for a reason of its own; otherwise the batch ends there,
   * after a growing pause, and Kafka hands the unresolved records over again.
   */
  private async oneByOne(payload: ConsumedBatch): Promise<void> {
    const { batch } = payload;
    for (const message of batch.messages) {
      if (!payload.isRunning() || payload.isStale()) return;
      try {
        await this.dispatchRecords(batch, [message]);
        this.attempts.settled(batch.partition, message.offset);
        this.passingFailures = 0;
        payload.resolveOffset(message.offset);
        continue;
      } catch (error) {
        const counted = countsAgainstRecord(error, await this.databaseAnswers());
        const tries = counted
          ? this.attempts.failed(batch.partition, message.offset)
          : this.attempts.count(batch.partition, message.offset);
        const max = this.config.DISPATCH_MAX_ATTEMPTS;
        const verdict = judgeFailedRecord(counted, tries, max, this.passingFailures);
        if (verdict.park && (await this.park(batch, message, error, tries))) {
          payload.resolveOffset(message.offset);
          continue;
        }
        this.passingFailures = verdict.passingFailures;
        const log = { partition: batch.partition, offset: message.offset, tries, maxAttempts: max, error: String(error) };
        if (counted) this.logger.error({ message: 'dispatch record failed; it is tried again, then parked', ...log });
        else this.logger.warn({ message: 'dispatch record failed for a reason not its own (database or Kafka away); tried again', ...log });
        await payload.heartbeat();
        await new Promise((resolve) => setTimeout(resolve, verdict.delayMs));
        return;
      }
    }
  }

  /** Parks a record that failed `tries` times in `dead_letters`; false when even that failed (tried again later). */
  private async park(at: { topic: string; partition: number }, message: ConsumedRecord, error: unknown, tries: number): Promise<boolean> {
    try {
      await this.dataSource.transaction((tx) =>
        recordDeadLetters(tx, [deadLetterEntry(at, message, 'DISPATCH_FAILED', `failed ${tries} times, last: ${String(error)}`)]),
      );
    } catch (parkError) {
      this.logger.error({ message: 'could not park a failing dispatch record', offset: message.offset, error: String(parkError) });
      return false;
    }
    this.attempts.settled(at.partition, message.offset);
    this.logger.error({
      message: 'dispatch record failed every try; dead-lettered (see GET /v1/admin/dead-letters)',
      code: 'DISPATCH_FAILED',
      topic: at.topic,
      partition: at.partition,
      offset: message.offset,
      tries,
    });
    return true;
  }

  private async databaseAnswers(): Promise<boolean> {
    return this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
  }

  /** Routes records and records the deliveries (and the records that can never be dispatched) in one transaction. */
  private dispatchRecords(at: { topic: string; partition: number }, messages: readonly ConsumedRecord[]): Promise<void> {
    return dispatchRecords(at, messages, {
      subscriptionsAsOf: async (relayedAt) => {
        await this.subscriptionsAsOf(relayedAt);
        return this.subscriptions.current;
      },
      agencyOf: (id) => this.registry.agency(id),
      policy: () => this.policies.compiled(),
      storedEventIds: (ids) => this.dispatch.storedEventIds(ids),
      ensureInboundTopics: (topics) => this.ensureInboundTopics(topics),
      record: (deliverable, deadLetters) =>
        this.dataSource.transaction(async (tx) => {
          await recordDeadLetters(tx, deadLetters);
          await this.dispatch.record(tx, deliverable);
        }),
      onDeadLetter: (code, offset) =>
        this.logger.error({
          message: 'record cannot be dispatched; dead-lettered',
          code,
          topic: at.topic,
          partition: at.partition,
          offset,
        }),
    });
  }

  /**
   * Makes sure the subscriptions in memory include every one committed before `relayedAt` (a
   * record's Kafka timestamp): a notification of a new subscription can arrive after the first event
   * for it, so a batch with records newer than the last load reloads first (one small query).
   * CLOCK_SKEW_MS allows for the relay's clock running ahead of this process's.
   */
  private async subscriptionsAsOf(relayedAt: number): Promise<void> {
    if (Number.isFinite(relayedAt) && relayedAt + CLOCK_SKEW_MS < this.loadedFrom) return;
    const started = Date.now();
    await this.subscriptions.refresh();
    this.loadedFrom = Math.max(this.loadedFrom, started);
  }

  private async ensureInboundTopics(topics: readonly string[]): Promise<void> {
    const missing = topics.filter((topic) => !this.readyTopics.has(topic));
    if (missing.length === 0 || !this.kafka) return;
    await ensureTopics(
      this.kafka,
      missing.map((topic) => this.topicSpec(topic)),
    );
    for (const topic of missing) this.readyTopics.add(topic);
  }

  private topicSpec(topic: string): { topic: string; partitions: number; replicationFactor: number } {
    return { topic, partitions: this.config.TOPIC_PARTITIONS, replicationFactor: this.config.TOPIC_REPLICATION_FACTOR };
  }
}
