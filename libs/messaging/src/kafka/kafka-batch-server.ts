import { KafkaContext, ServerKafka, type KafkaOptions } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { lastValueFrom } from 'rxjs';

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

/**
 * Nest's Kafka transport, consuming a partition's records as one batch instead of one by one, so a
 * handler can record a whole batch in one database statement. Offsets are resolved only after the
 * handler's promise resolves (after its database commit); a handler that throws leaves the offsets
 * where they were and kafkajs retries the batch.
 */
export class KafkaBatchServer extends ServerKafka {
  /** The next offset to read per topic-partition, for batches handled since the last commit. */
  private readonly handled = new Map<string, { topic: string; partition: number; offset: string }>();

  constructor(options: NonNullable<KafkaOptions['options']>) {
    super({ postfixId: '', ...options });
  }

  /** Commits what was handled since the last periodic commit, then leaves the group. */
  override async close(): Promise<void> {
    const offsets = [...this.handled.values()];
    if (this.consumer && offsets.length > 0) await this.consumer.commitOffsets(offsets).catch(() => undefined);
    await super.close();
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()].filter((pattern): pattern is string => typeof pattern === 'string');
    if (topics.length > 0) await consumer.subscribe({ ...(this.options.subscribe ?? {}), topics });
    // Offsets are resolved after the handler succeeds and committed at most once per interval
    // (kafkajs's own auto-commit would commit after every batch: a broker write per batch). After
    // a crash, up to one interval of records is redelivered, and the consumer's inbox skips them; a
    // clean shutdown commits what it handled (see close).
    await consumer.run({
      autoCommitInterval: 1_000,
      ...(this.options.run ?? {}),
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        await this.handleBatch(payload);
        const { topic, partition } = payload.batch;
        const last = payload.batch.lastOffset();
        payload.resolveOffset(last);
        this.handled.set(`${topic}:${partition}`, { topic, partition, offset: (BigInt(last) + 1n).toString() });
        await payload.commitOffsetsIfNecessary();
      },
    });
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const heartbeat = (): Promise<void> => payload.heartbeat();
    const handler = this.getHandlerByPattern(batch.topic);
    if (!handler) throw new Error(`No @EventPattern handler for topic ${batch.topic}; register one or stop subscribing to it.`);
    const data: KafkaBatch = {
      topic: batch.topic,
      partition: batch.partition,
      heartbeat,
      messages: batch.messages.map((message) => ({
        key: message.key?.toString('utf8') ?? null,
        value: message.value,
        offset: message.offset,
        timestamp: message.timestamp,
        headers: decodeHeaders(message.headers),
      })),
    };
    const context = new KafkaContext([
      undefined as never,
      batch.partition,
      batch.topic,
      this.consumer as Consumer,
      heartbeat,
      this.producer as never,
    ]);
    await lastValueFrom(this.transformToObservable(await handler(data, context)), { defaultValue: undefined });
  }
}

function decodeHeaders(headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) decoded[name] = first.toString();
  }
  return decoded;
}
