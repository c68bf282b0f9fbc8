import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createKafka, createRecordProducer, retryConnecting, type KafkaClient, type KafkaProducer } from '@hub/messaging';
import { HubConfig } from '../config/hub-config.js';

/** Records for one topic, as the producer's sendBatch takes them. */
export type OutcomeTopicMessages = NonNullable<Parameters<KafkaProducer['sendBatch']>[0]['topicMessages']>[number];

/**
 * The `ingest` role's one producer for `agency.<id>.outcomes`. OutboundIngestService answers each
 * outbound record through it, and ConflictOutcomeSender sends the final outcome of a resolved
 * conflict through it.
 *
 * It connects on the first `ready()`, retrying until Kafka is reachable. It sends with acks=all in
 * one try (createRecordProducer); a failed send is the caller's to repeat: ingest reads its batch
 * again, and the sender leaves the outcomes due. At shutdown it waits for the sends in flight,
 * refuses new ones, and then disconnects. Shutdown hooks of one module run at the same time, so
 * the callers' own hooks cannot be relied on to end first.
 */
@Injectable()
export class OutcomesProducer implements OnApplicationShutdown {
  private readonly logger = new Logger('Outcomes');
  private readonly kafka: KafkaClient;
  private producer: KafkaProducer | undefined;
  private connecting: Promise<boolean> | undefined;
  private stopping = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(config: HubConfig) {
    this.kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'hub-ingest', security: config.kafkaSecurity() }, this.logger);
  }

  /** True once connected; false when the hub began stopping first. Every caller shares one connection attempt. */
  ready(): Promise<boolean> {
    this.connecting ??= retryConnecting({
      connect: async () => {
        const producer = createRecordProducer(this.kafka);
        this.producer = producer;
        await producer.connect();
      },
      cleanUp: async () => {
        await this.producer?.disconnect().catch(() => undefined);
        this.producer = undefined;
      },
      stopping: () => this.stopping,
      waiting: 'Kafka not reachable yet; outcomes to agencies wait',
      logger: this.logger,
    });
    return this.connecting;
  }

  /** Sends outcomes to their topics, acknowledged by all in-sync replicas; throws when they were not. */
  async send(topicMessages: readonly OutcomeTopicMessages[]): Promise<void> {
    if (this.stopping) throw new Error('the outcomes producer is stopping');
    const producer = this.producer;
    if (!producer) throw new Error('the outcomes producer is not connected yet');
    const sending = producer.sendBatch({ acks: -1, topicMessages: [...topicMessages] });
    this.inFlight.add(sending);
    try {
      await sending;
    } finally {
      this.inFlight.delete(sending);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.connecting;
    await Promise.allSettled([...this.inFlight]);
    await this.producer?.disconnect().catch(() => undefined);
  }
}
