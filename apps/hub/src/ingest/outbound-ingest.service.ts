import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { PublishOutcome } from '@hub/agency-kit';
import { KAFKA_HEADERS } from '@hub/contracts';
import {
  agencyOutboundTopic,
  agencyOutcomesTopic,
  createKafka,
  decodeHeaders,
  ensureTopics,
  retryConnecting,
  type ConsumedBatch,
  type KafkaClient,
  type KafkaConsumer,
} from '@hub/messaging';
import { newCorrelationId, startHop } from '@hub/observability';
import { DataSource } from 'typeorm';
import { AgencyRegistry, type Agency } from '../agencies/index.js';
import { HubConfig } from '../config/hub-config.js';
import {
  bodyRefusalError,
  ConflictOutcomesRepository,
  CORRELATION_ID,
  PublishEventsHandler,
  RefusalAudit,
  TRACEPARENT,
} from '../events/index.js';
import { dataFingerprint, LiveSnapshot } from '../kernel/index.js';
import { explainHeld } from './ingest-records/held-outcomes.js';
import { OutcomesProducer } from './outcomes-producer.service.js';
import { ingestRecords, type IngestProgress, type IngestSteps, type OutboundMessage } from './ingest-records/ingest-records.js';
import { recordTraceparents } from './ingest-records/record-traceparents.js';
import { agencyOfOutboundTopic } from './outbound-topics.js';
import { publishingAgencies } from './publishing-agencies.js';

/** How often the set of publishing agencies is compared with what the consumer reads. */
const RESUBSCRIBE_CHECK_MS = 500;
/** The longest pause before a partition held by a retriable failure is tried again. */
const MAX_PAUSE_MS = 5_000;
/** Tries of a record that fails unexpectedly (a fault of the hub, not a refusal) before it is refused as INTERNAL. */
const MAX_UNEXPECTED_FAILURES = 3;

/**
 * The `ingest` role: consumes `agency.<id>.outbound` of every active agency granted Kafka
 * publishing, in INGEST_CONSUMER_GROUP, and runs each record through PublishEventsHandler, the
 * handler of `POST /v1/events`, as the agency the topic belongs to (only its principal may write
 * there). Each record gets one PublishOutcome on `agency.<id>.outcomes` (sent by OutcomesProducer,
 * the role's one producer). A partition's offset is
 * committed only after its records' events are committed and their outcomes acknowledged by Kafka
 * (acks=all): a crash re-reads, and a re-read event is answered `duplicate`. Agencies granted or
 * withdrawn (a registry change notification) are picked up or dropped without a restart: the
 * consumer leaves the group and joins again with the new topic list. Each event's span continues the
 * `traceparent` header of its own record (see recordTraceparents), so a trace the publisher started
 * goes on through the hub. A held record's outcome says which agency holds the record at which
 * version; where it was read is kept with its conflict, and ConflictOutcomeSender sends the record's
 * final outcome once an operator resolved it.
 */
@Injectable()
export class OutboundIngestService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboundIngest');
  private readonly agencies: LiveSnapshot<string[]>;
  private readonly kafka: KafkaClient;
  private consumer: KafkaConsumer | undefined;
  /** The agencies the consumer reads now, comma-joined; undefined until it first subscribed. */
  private subscribed: string | undefined;
  private stopping = false;
  private connecting: Promise<void> | undefined;
  private checking: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private passingFailures = 0;
  /** Unexpected failures per record (`topic:partition:offset`) not yet answered. */
  private readonly unexpected = new Map<string, number>();

  constructor(
    private readonly config: HubConfig,
    dataSource: DataSource,
    private readonly registry: AgencyRegistry,
    private readonly handler: PublishEventsHandler,
    private readonly refusals: RefusalAudit,
    private readonly conflicts: ConflictOutcomesRepository,
    private readonly outcomes: OutcomesProducer,
  ) {
    this.agencies = new LiveSnapshot({
      load: () => publishingAgencies(dataSource.manager),
      channel: 'hub_agency_registry',
      fingerprint: dataFingerprint,
      databaseUrl: config.DATABASE_URL,
      intervalMs: config.REGISTRY_REFRESH_INTERVAL_MS,
      logger: this.logger,
    });
    this.kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'hub-ingest', security: config.kafkaSecurity() }, this.logger);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.agencies.start();
    this.connecting = this.connectWhenReachable();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.connecting;
    await this.checking;
    await this.consumer?.disconnect().catch(() => undefined);
    await this.agencies.stop();
  }

  private async connectWhenReachable(): Promise<void> {
    // Records are read only once their outcomes can be answered.
    if (!(await this.outcomes.ready())) return;
    const connected = await retryConnecting({
      connect: () => this.resubscribe(),
      cleanUp: async () => {
        await this.consumer?.disconnect().catch(() => undefined);
        this.consumer = undefined;
      },
      stopping: () => this.stopping,
      waiting: 'Kafka not reachable yet; ingest of agencies’ outbound topics waits',
      logger: this.logger,
    });
    if (!connected || this.stopping) return;
    this.timer = setInterval(() => {
      this.checking = this.checking
        .then(() => this.resubscribe())
        .catch((error: unknown) => {
          this.subscribed = undefined;
          this.logger.warn({ message: 'could not follow the publishing agencies yet; trying again', error: String(error) });
        });
    }, RESUBSCRIBE_CHECK_MS);
    this.timer.unref();
  }

  /** Joins the group again with the outbound topics of today's publishing agencies, when they changed. */
  private async resubscribe(): Promise<void> {
    const agencies = this.agencies.current;
    const key = agencies.join(',');
    if (this.stopping || key === this.subscribed) return;
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
    if (agencies.length > 0) await this.subscribe(agencies);
    this.subscribed = key;
    this.logger.log({ message: 'reading the outbound topics of the publishing agencies', agencies });
  }

  private async subscribe(agencies: readonly string[]): Promise<void> {
    const spec = (topic: string) => ({
      topic,
      partitions: this.config.TOPIC_PARTITIONS,
      replicationFactor: this.config.TOPIC_REPLICATION_FACTOR,
    });
    const topics = agencies.map((agencyId) => agencyOutboundTopic(agencyId));
    await ensureTopics(this.kafka, [...topics.map(spec), ...agencies.map((agencyId) => spec(agencyOutcomesTopic(agencyId)))]);
    const consumer = this.kafka.consumer({
      groupId: this.config.INGEST_CONSUMER_GROUP,
      allowAutoTopicCreation: false,
      retry: { restartOnFailure: () => Promise.resolve(!this.stopping) },
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.config.INGEST_PARTITIONS_CONCURRENTLY,
      eachBatch: (payload) => this.handle(payload),
    });
  }

  /**
   * One partition's batch: ingested, its outcomes sent, then its offsets resolved and committed.
   * Nothing is thrown back to kafkajs (a thrown batch stops the consumer while the group rebalances):
   * a failure leaves the unanswered records unresolved, and they are read again after a pause.
   */
  private async handle(payload: ConsumedBatch): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
    const agency = this.agencyOf(batch.topic);
    if (!agency) return this.pause(payload, new Error(`${batch.topic} belongs to no agency the hub knows`));
    const messages: OutboundMessage[] = batch.messages.map((message) => ({
      offset: message.offset,
      value: message.value,
      headers: decodeHeaders(message.headers),
    }));
    const progress = await ingestRecords(batch.partition, messages, this.steps(agency, batch), {
      maxRecordBytes: this.config.INGEST_MAX_RECORD_BYTES,
      maxEventsPerCall: this.config.MAX_EVENTS_PER_REQUEST,
      maxUnexpectedFailures: MAX_UNEXPECTED_FAILURES,
    });
    for (const outcome of progress.outcomes) this.unexpected.delete(`${batch.topic}:${batch.partition}:${outcome.outboundOffset.offset}`);
    const last = progress.outcomes.at(-1);
    if (last) {
      try {
        await this.sendOutcomes(agency.id, await this.withHeldReasons(agency.id, batch.partition, progress));
      } catch (error) {
        return this.pause(payload, error);
      }
      payload.resolveOffset(last.outboundOffset.offset);
      const next = (BigInt(last.outboundOffset.offset) + 1n).toString();
      await payload.commitOffsetsIfNecessary({
        topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }],
      });
    }
    if (progress.retry !== undefined) return this.pause(payload, progress.retry);
    this.passingFailures = 0;
    await payload.heartbeat();
  }

  private agencyOf(topic: string): Agency | undefined {
    const agencyId = agencyOfOutboundTopic(topic);
    return agencyId === undefined ? undefined : this.registry.agency(agencyId);
  }

  private steps(agency: Agency, at: { readonly topic: string; readonly partition: number }): IngestSteps {
    return {
      publish: (events, records, auditRefusal) => {
        const correlation = records[0]?.headers['x-correlation-id'];
        const trace = records[0]?.headers[KAFKA_HEADERS.traceparent];
        const hop = startHop(`process ${at.topic}`, trace !== undefined && TRACEPARENT.test(trace) ? trace : undefined, 'consumer', {
          'messaging.system': 'kafka',
          'messaging.destination.name': at.topic,
          'hub.agency': agency.id,
        });
        return this.handler
          .execute({
            agency,
            events,
            batch: false,
            correlationId: correlation !== undefined && CORRELATION_ID.test(correlation) ? correlation : newCorrelationId(),
            traceparent: hop.traceparent,
            recordTraceparents: recordTraceparents(records, hop.traceparent),
            auditRefusal,
          })
          .then(
            (result) => {
              hop.end();
              return result;
            },
            (error: unknown) => {
              hop.end(error);
              throw error;
            },
          );
      },
      refuseRecord: (refusal) => this.refusals.record(`agency:${agency.id}`, bodyRefusalError(refusal), []),
      failedUnexpectedly: (message) => {
        const key = `${at.topic}:${at.partition}:${message.offset}`;
        const tries = (this.unexpected.get(key) ?? 0) + 1;
        this.unexpected.set(key, tries);
        this.logger.error({ message: 'an outbound record failed unexpectedly', ...at, offset: message.offset, tries });
        return tries;
      },
      now: () => new Date(),
    };
  }

  /** Keeps where each held record was read (so its resolution reaches the agency) and says why it is held. */
  private async withHeldReasons(agencyId: string, partition: number, progress: IngestProgress): Promise<PublishOutcome[]> {
    if (progress.held.size === 0) return progress.outcomes;
    const facts = await this.conflicts.noteHeldOrigins(
      agencyId,
      [...progress.held].map(([offset, conflictId]) => ({ conflictId, partition, offset })),
    );
    return explainHeld(progress.outcomes, progress.held, facts);
  }

  private async sendOutcomes(agencyId: string, outcomes: readonly PublishOutcome[]): Promise<void> {
    // One try (see OutcomesProducer); a failure holds the batch, which is read and answered again.
    await this.outcomes.send([
      {
        topic: agencyOutcomesTopic(agencyId),
        messages: outcomes.map((outcome) => ({ key: outcome.eventId, value: JSON.stringify(outcome) })),
      },
    ]);
  }

  /** Holds the partition after a failure not of the records' own, with a pause that grows while it lasts. */
  private async pause(payload: ConsumedBatch, error: unknown): Promise<void> {
    this.passingFailures += 1;
    const { topic, partition } = payload.batch;
    this.logger.warn({ message: 'outbound records wait: a failure not of their own; read again', topic, partition, error: String(error) });
    await payload.heartbeat().catch(() => undefined);
    await sleep(Math.min(MAX_PAUSE_MS, 250 * 2 ** Math.min(this.passingFailures, 5)));
  }
}
