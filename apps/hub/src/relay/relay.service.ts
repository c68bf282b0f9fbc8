import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_CATALOGUE, DISPATCH_TOPIC } from '@hub/contracts';
import { createKafka, createRecordProducer, ensureTopics, OutboxRelay, retryConnecting, type KafkaProducer } from '@hub/messaging';
import { Metrics, recordSentMessages } from '@hub/observability';
import { HubConfig } from '../config/hub-config.js';

/**
 * The producer the relay sends with, creating each agency's inbound topic the first time a record
 * goes to it (the publish path routes to it; the broker creates no topic by itself).
 */
function creatingInboundTopics(producer: KafkaProducer, ensure: (topics: string[]) => Promise<void>): KafkaProducer {
  const ready = new Set<string>();
  return {
    ...producer,
    sendBatch: async (batch) => {
      const missing = [...new Set((batch.topicMessages ?? []).map((entry) => entry.topic))].filter(
        (topic) => topic.startsWith('agency.') && !ready.has(topic),
      );
      if (missing.length > 0) {
        await ensure(missing);
        for (const topic of missing) ready.add(topic);
      }
      return producer.sendBatch(batch);
    },
  };
}

/**
 * Runs the outbox relay in this process. Start-up never waits for Kafka: while the broker is
 * unreachable the API keeps accepting events into the outbox, and the relay connects (creating the
 * canonical topics if needed) as soon as the broker answers.
 */
@Injectable()
export class RelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private relay: OutboxRelay | undefined;
  private producer: KafkaProducer | undefined;
  private stopping = false;
  private connecting: Promise<void> | undefined;

  constructor(
    private readonly config: HubConfig,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    this.connecting = this.connectWhenReachable();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.connecting;
    await this.relay?.stop();
    await this.producer?.disconnect().catch(() => undefined);
  }

  private async connectWhenReachable(): Promise<void> {
    const kafka = createKafka(
      { brokers: this.config.KAFKA_BROKERS, clientId: 'hub-relay', security: this.config.kafkaSecurity() },
      this.logger,
    );
    const topicSpec = { partitions: this.config.TOPIC_PARTITIONS, replicationFactor: this.config.TOPIC_REPLICATION_FACTOR };
    // The dispatch stream stays for the outbox records an older version queued for it.
    const topics = [...new Set(EVENT_CATALOGUE.map((entry) => entry.topic)), DISPATCH_TOPIC].map((topic) => ({ ...topicSpec, topic }));
    const ensureInbound = (missing: string[]): Promise<void> =>
      ensureTopics(
        kafka,
        missing.map((topic) => ({ ...topicSpec, topic })),
      );
    await retryConnecting({
      connect: async () => {
        await ensureTopics(kafka, topics);
        // One try per send (see createRecordProducer): a send during an outage or a leader change
        // fails as a whole, and the relay sends its rows again with backoff; the outbox holds them.
        const producer = createRecordProducer(kafka);
        await producer.connect();
        this.producer = producer;
        this.relay = new OutboxRelay(
          creatingInboundTopics(producer, ensureInbound),
          {
            databaseUrl: this.config.DATABASE_URL,
            batchSize: this.config.RELAY_BATCH_SIZE,
            pollIntervalMs: this.config.RELAY_POLL_INTERVAL_MS,
            maxBackoffMs: 5_000,
            lingerMs: this.config.RELAY_LINGER_MS,
            onSent: recordSentMessages(this.metrics),
          },
          this.logger,
        );
        await this.relay.start();
        this.logger.log({ message: 'outbox relay started', brokers: this.config.KAFKA_BROKERS, topics: topics.map((t) => t.topic) });
      },
      stopping: () => this.stopping,
      waiting: 'Kafka not reachable yet; events wait in the outbox',
      logger: this.logger,
    });
  }
}
