import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { KafkaContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { Kafka, type Consumer, type ConsumerConfig, type ConsumerRunConfig, type EachBatchPayload, type KafkaConfig } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { kafkaLogging } from './create-kafka.js';
import { waitForTopics } from './wait-for-topics.js';
import { KAFKA_HEADERS } from '@hub/contracts';
import { startHop, tracingOn, type Hop } from '@hub/observability';

/** One record of a batch, headers decoded to strings. */
export interface KafkaBatchMessage {
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly offset: string;
  readonly timestamp: string;
}

/** What an `@EventPattern(topic)` handler receives from KafkaBatchServer: a partition's batch, in offset order. */
export interface KafkaBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly KafkaBatchMessage[];
  /** Call during long work so the group coordinator does not evict the consumer. */
  readonly heartbeat: () => Promise<void>;
}

/** The Kafka client, consumer group and consumption options of a KafkaBatchServer. */
export interface KafkaBatchServerOptions {
  readonly client: KafkaConfig;
  readonly consumer: ConsumerConfig;
  readonly subscribe?: { readonly fromBeginning?: boolean };
  readonly run?: Pick<ConsumerRunConfig, 'partitionsConsumedConcurrently' | 'autoCommitInterval'>;
}

/** Where a KafkaBatchServer reads from, and when it starts. */
export interface KafkaBatchServerSettings {
  /**
   * Topics whose names are known only at run time (an agency's inbound topic), each mapped to the
   * `@EventPattern` that handles it. When given, the server reads these topics instead of the patterns.
   */
  readonly topics?: Readonly<Record<string, string>>;
  /**
   * Start consuming only once the topics exist, in the background: the app starts (and answers
   * HTTP) at once, and the log says which topics it waits for, with this hint on what creates them.
   */
  readonly whenTopicsExist?: { readonly hint: string };
  /** Told after every batch (handled or failed), e.g. to count it into the app's metrics; must not throw. */
  readonly onBatch?: (report: KafkaBatchReport) => void;
}

/** One partition's batch as handled: for metrics (records consumed, processing time, the lag behind it). */
export interface KafkaBatchReport {
  readonly topic: string;
  readonly partition: number;
  readonly groupId: string;
  readonly messages: number;
  readonly durationSeconds: number;
  /** The error's name when the handler failed (the batch is read again). */
  readonly errorType?: string;
  /** Records of the partition behind this batch (high watermark less the next offset). */
  readonly lagMessages: number;
  /** The Kafka timestamp (ms) of the batch's newest record. */
  readonly newestTimestampMs: number;
}

/**
 * A Nest transport (a CustomTransportStrategy) that consumes a partition's records as one batch
 * instead of one by one, so a handler can record a whole batch in one database transaction, and
 * hands each batch to the `@EventPattern` handler of its topic. Offsets are resolved only after the
 * handler's promise resolves (after its database commit); a handler that throws leaves the offsets
 * where they were and kafkajs retries the batch.
 */
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  /** The next offset to read per topic-partition, for batches handled since the last commit. */
  private readonly handled = new Map<string, { topic: string; partition: number; offset: string }>();
  private readonly stopping = new AbortController();
  private starting: Promise<void> | undefined;
  private consumer: Consumer | undefined;
  protected override readonly logger = new Logger('KafkaBatchServer');

  constructor(
    private readonly options: KafkaBatchServerOptions,
    private readonly settings: KafkaBatchServerSettings = {},
  ) {
    super();
  }

  async listen(callback: (error?: unknown, ...optionalParams: unknown[]) => void): Promise<void> {
    const wait = this.settings.whenTopicsExist;
    if (wait) {
      this.starting = this.listenWhenTopicsExist(wait.hint);
      return callback();
    }
    try {
      await this.consume(this.createClient());
    } catch (error) {
      return callback(error);
    }
    callback();
  }

  /** Stops waiting for topics, commits what was handled since the last periodic commit, then leaves the group. */
  async close(): Promise<void> {
    this.stopping.abort();
    await this.starting;
    const offsets = [...this.handled.values()];
    if (this.consumer && offsets.length > 0) await this.consumer.commitOffsets(offsets).catch(() => undefined);
    await this.disconnect();
  }

  /** Status events are not reported by this transport. */
  on(): never {
    throw new Error('KafkaBatchServer reports no status events; watch its log instead.');
  }

  /** The kafkajs consumer, once consuming. */
  unwrap<T>(): T {
    if (!this.consumer) throw new Error('KafkaBatchServer is not consuming yet: unwrap it after listen has called back.');
    return this.consumer as T;
  }

  private createClient(): Kafka {
    return new Kafka({ ...this.options.client, ...kafkaLogging(this.logger) });
  }

  private async disconnect(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect().catch(() => undefined);
  }

  /** Joins the group, subscribes and runs. */
  private async consume(kafka: Kafka): Promise<void> {
    const consumer = kafka.consumer(this.options.consumer);
    this.consumer = consumer;
    await consumer.connect();
    const topics = this.topicNames();
    if (topics.length > 0) await consumer.subscribe({ ...(this.options.subscribe ?? {}), topics });
    // Offsets are resolved after the handler succeeds and committed at most once per interval
    // (kafkajs's own auto-commit would commit after every batch: a broker write per batch). After
    // a crash, up to one interval of records is redelivered, and the consumer's inbox skips them; a
    // clean shutdown commits what it handled (see close). A batch that reaches the end of its
    // partition is committed at once, so an idle consumer shows no lag.
    await consumer.run({
      autoCommitInterval: 1_000,
      ...(this.options.run ?? {}),
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        await this.whileHeartbeating(payload, () => this.handleReported(payload));
        const { topic, partition } = payload.batch;
        const last = payload.batch.lastOffset();
        payload.resolveOffset(last);
        const next = { topic, partition, offset: (BigInt(last) + 1n).toString() };
        this.handled.set(`${topic}:${partition}`, next);
        // A batch that reached the partition's end is committed now: with no batch after it, the
        // interval would leave the group's committed offset (its lag) behind until more records come.
        if (payload.batch.offsetLag() === '0') await payload.commitOffsetsIfNecessary({ topics: [{ topic, partitions: [next] }] });
        else await payload.commitOffsetsIfNecessary();
      },
    });
  }

  /**
   * Heartbeats every `heartbeatInterval` while the handler works: a batch that takes longer than the
   * session timeout (its database slow under load) would otherwise cost the consumer its membership,
   * its commit would be refused ("the coordinator is not aware of this member") and the group would
   * stop for a rebalance while the batch is handled again. A heartbeat refused during a rebalance is
   * left to kafkajs, which rejoins after the batch.
   */
  private async whileHeartbeating(payload: EachBatchPayload, work: () => Promise<void>): Promise<void> {
    const timer = setInterval(() => void payload.heartbeat().catch(() => undefined), this.options.consumer.heartbeatInterval ?? 3_000);
    try {
      await work();
    } finally {
      clearInterval(timer);
    }
  }

  /** Handles the batch and tells `onBatch` how it went. */
  private async handleReported(payload: EachBatchPayload): Promise<void> {
    const onBatch = this.settings.onBatch;
    if (!onBatch) return this.handleBatch(payload);
    const { batch } = payload;
    const started = process.hrtime.bigint();
    const report = (errorType?: string): void =>
      onBatch({
        topic: batch.topic,
        partition: batch.partition,
        groupId: this.options.consumer.groupId,
        messages: batch.messages.length,
        durationSeconds: Number(process.hrtime.bigint() - started) / 1e9,
        ...(errorType === undefined ? {} : { errorType }),
        lagMessages: Number(batch.offsetLag()),
        newestTimestampMs: Number(batch.messages.at(-1)?.timestamp ?? Date.now()),
      });
    try {
      await this.handleBatch(payload);
    } catch (error) {
      report(error instanceof Error ? error.name : 'Error');
      throw error;
    }
    report();
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const heartbeat = (): Promise<void> => payload.heartbeat();
    const handler = this.getHandlerByPattern(this.settings.topics?.[batch.topic] ?? batch.topic);
    if (!handler) throw new Error(`No @EventPattern handler for topic ${batch.topic}; register one or stop subscribing to it.`);
    const messages = batch.messages.map((message) => ({
      key: message.key?.toString('utf8') ?? null,
      value: message.value,
      offset: message.offset,
      timestamp: message.timestamp,
      headers: decodeHeaders(message.headers),
    }));
    // With tracing on, each record is processed under a span of its own trace (its traceparent
    // header), and the handler sees that span's traceparent to pass on.
    const hops = tracingOn()
      ? messages.map((message) => processHop(batch.topic, this.options.consumer.groupId, message.headers))
      : undefined;
    const data: KafkaBatch = { topic: batch.topic, partition: batch.partition, heartbeat, messages };
    if (hops) {
      await this.runHandler(handler, data, context(this.consumer as Consumer, batch.topic, batch.partition, heartbeat)).then(
        () => hops.forEach((hop) => hop.end()),
        (error: unknown) => {
          hops.forEach((hop) => hop.end(error));
          throw error;
        },
      );
      return;
    }
    await this.runHandler(handler, data, context(this.consumer as Consumer, batch.topic, batch.partition, heartbeat));
  }

  private async runHandler(
    handler: NonNullable<ReturnType<KafkaBatchServer['getHandlerByPattern']>>,
    data: KafkaBatch,
    kafkaContext: KafkaContext,
  ): Promise<void> {
    await lastValueFrom(this.transformToObservable(await handler(data, kafkaContext)), { defaultValue: undefined });
  }

  private topicNames(): string[] {
    if (this.settings.topics) return Object.keys(this.settings.topics);
    return [...this.messageHandlers.keys()].filter((pattern): pattern is string => typeof pattern === 'string');
  }

  /** Waits for the topics, then joins the group; a failed start (broker unreachable) is logged and tried again. */
  private async listenWhenTopicsExist(hint: string): Promise<void> {
    const signal = this.stopping.signal;
    for (let attempt = 1; !signal.aborted; attempt += 1) {
      try {
        const kafka = this.createClient();
        if (!(await waitForTopics(kafka, this.topicNames(), this.logger, { signal, hint })) || signal.aborted) return;
        await this.consume(kafka);
        this.logger.log({ message: 'consuming', topics: this.topicNames(), groupId: this.options.consumer.groupId });
        return;
      } catch (error) {
        if (signal.aborted) return;
        this.logger.warn({ message: 'could not start consuming yet; trying again', attempt, error: String(error) });
        await this.disconnect();
        await sleep(Math.min(30_000, 1_000 * attempt), undefined, { signal }).catch(() => undefined);
      }
    }
  }
}

/** A record's Kafka headers as strings (the first value of a repeated header). */
export function decodeHeaders(
  headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined,
): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) decoded[name] = first.toString();
  }
  return decoded;
}

function context(consumer: Consumer, topic: string, partition: number, heartbeat: () => Promise<void>): KafkaContext {
  return new KafkaContext([undefined as never, partition, topic, consumer, heartbeat, undefined as never]);
}

/** The span of one record's processing, under its traceparent header; the header then names this span. */
function processHop(topic: string, groupId: string, headers: Record<string, string>): Hop {
  const hop = startHop(`process ${topic}`, headers[KAFKA_HEADERS.traceparent], 'consumer', {
    'messaging.system': 'kafka',
    'messaging.operation.name': 'process',
    'messaging.destination.name': topic,
    'messaging.consumer.group.name': groupId,
  });
  headers[KAFKA_HEADERS.traceparent] = hop.traceparent;
  return hop;
}
