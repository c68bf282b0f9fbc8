import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { KAFKA_HEADERS, type EventEnvelope } from '@hub/contracts';
import { agencyInboundTopic, createKafka, ensureTopics, recordDeadLetters, type DeadLetterEntry } from '@hub/messaging';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { AgencyRegistry } from '../agencies/agency-registry.js';
import { LiveSnapshot } from '../agencies/live-snapshot.js';
import { HubConfig } from '../config/hub-config.js';
import { isUuid } from '../config/hub-keys.js';
import { PolicyService } from '../policy/policy.service.js';
import type { Subscription } from '../subscriptions/subscription.js';
import { SubscriptionsRepository } from '../subscriptions/subscriptions.repository.js';
import { DispatchRepository, type RoutedEvent } from './dispatch.repository.js';
import { DISPATCH_TOPIC } from './dispatch-topic.js';
import { routeEvent } from './route-event.js';

/** How far the relays' clocks may run ahead of the dispatcher's. */
const CLOCK_SKEW_MS = 2_000;

/**
 * The dispatcher (`dispatch` role): consumes the hub's ordered stream of accepted events
 * (DISPATCH_TOPIC) in the DISPATCH_CONSUMER_GROUP group
 * and routes each event to the subscriptions that may have it. A batch is recorded in one database
 * transaction (deliveries, outbox rows for the agencies' inbound topics, audit rows) and its
 * offsets are resolved only after that commit; a batch Kafka delivers again is recognised per
 * subscription and event, so nothing is sent twice. The stream is keyed by subject in commit order,
 * and the outbox keeps that order on the way out, so each subject's events reach every subscriber in order.
 * A record that is not an event, names an event the store does not hold, or whose routing fails,
 * goes to `dead_letters` with the reason
 * (in the same transaction) and never blocks the records behind it; a database outage fails the
 * batch, which Kafka then delivers again.
 */
@Injectable()
export class DispatcherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Dispatcher');
  private readonly subscriptions: LiveSnapshot<Subscription[]>;
  private readonly readyTopics = new Set<string>();
  private consumer: Consumer | undefined;
  private kafka: Kafka | undefined;
  private stopping = false;
  /** When the newest load of the subscriptions began (ms since the epoch, this process's clock). */
  private loadedFrom = 0;
  private connecting: Promise<void> | undefined;

  constructor(
    private readonly config: HubConfig,
    private readonly dataSource: DataSource,
    private readonly registry: AgencyRegistry,
    private readonly policies: PolicyService,
    private readonly dispatch: DispatchRepository,
    repository: SubscriptionsRepository,
  ) {
    this.subscriptions = new LiveSnapshot({
      load: () => repository.active(),
      channel: 'hub_subscriptions',
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
    for (let attempt = 1; !this.stopping; attempt += 1) {
      try {
        await ensureTopics(
          kafka,
          topics.map((topic) => this.topicSpec(topic)),
        );
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
        return;
      } catch (error) {
        this.logger.warn({ message: 'Kafka not reachable yet; the dispatcher waits', attempt, error: String(error) });
        await this.consumer?.disconnect().catch(() => undefined);
        this.consumer = undefined;
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 500 * attempt)));
      }
    }
  }

  private async handle(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
    await this.subscriptionsAsOf(Math.max(...batch.messages.map((message) => Number(message.timestamp))));
    const policy = this.policies.compiled();
    const subscriptions = this.subscriptions.current;
    const routed: RoutedEvent[] = [];
    const deadLetters: DeadLetterEntry[] = [];
    const deadLetterOf = new Map<string, (code: string, error: unknown) => void>();
    for (const message of batch.messages) {
      const deadLetter = (code: string, error: unknown): void => {
        this.logger.error({
          message: 'record cannot be dispatched; dead-lettered',
          code,
          topic: batch.topic,
          partition: batch.partition,
          offset: message.offset,
        });
        deadLetters.push({
          topic: batch.topic,
          partition: batch.partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          payload: message.value?.toString('utf8') ?? '',
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)])),
          errorCode: code,
          errorMessage: String(error).slice(0, 1000),
        });
      };
      let event: EventEnvelope<object>;
      try {
        event = JSON.parse(message.value?.toString('utf8') ?? '') as EventEnvelope<object>;
        if (!isUuid(event.id) || typeof event.type !== 'string' || typeof event.subject !== 'string')
          throw new Error('not an event envelope');
      } catch (error) {
        deadLetter('NOT_AN_EVENT', error);
        continue;
      }
      deadLetterOf.set(event.id, deadLetter);
      const headers = message.headers ?? {};
      let routing: ReturnType<typeof routeEvent>;
      try {
        routing = routeEvent(event, new Date(Number(message.timestamp)), subscriptions, (id) => this.registry.agency(id), policy);
      } catch (error) {
        // A routing failure on one event (its data defeats a conversion or projection) is not cured by retrying.
        deadLetter('ROUTING_FAILED', error);
        continue;
      }
      const { routes, withheld } = routing;
      if (routes.length === 0 && withheld.length === 0) continue;
      routed.push({
        eventId: event.id,
        subject: event.subject,
        correlationId: String(headers[KAFKA_HEADERS.correlationId] ?? event.correlationid ?? ''),
        traceparent: String(headers[KAFKA_HEADERS.traceparent] ?? ''),
        routes,
        withheld,
      });
    }
    // Only events the hub accepted and stored leave it: a record whose event the store does not hold
    // (written to the stream by anything but this hub's relay) is parked, never retried.
    const stored = await this.storedEventIds(routed.map((event) => event.eventId));
    const deliverable = routed.filter((event) => stored.has(event.eventId));
    for (const event of routed.filter((candidate) => !stored.has(candidate.eventId))) {
      deadLetterOf.get(event.eventId)?.('EVENT_NOT_STORED', new Error(`event ${event.eventId} is not in the hub's event store`));
    }
    const inbound = [
      ...new Set(
        deliverable.flatMap((event) =>
          event.routes.filter((r) => r.subscription.channels.kafka).map((r) => agencyInboundTopic(r.agency.id)),
        ),
      ),
    ];
    await this.ensureInboundTopics(inbound);
    if (deliverable.length > 0 || deadLetters.length > 0) {
      await this.dataSource.transaction(async (tx) => {
        await recordDeadLetters(tx, deadLetters);
        await this.dispatch.record(tx, deliverable);
      });
    }
    payload.resolveOffset(batch.lastOffset());
    await payload.commitOffsetsIfNecessary();
    await payload.heartbeat();
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

  private async storedEventIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.dataSource.query<{ id: string }[]>('SELECT id::text AS id FROM events WHERE id = ANY($1::uuid[])', [ids]);
    return new Set(rows.map((row) => row.id));
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
