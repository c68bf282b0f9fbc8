import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { agencyOutcomesTopic, createKafka, createRecordProducer, retryConnecting, type KafkaProducer } from '@hub/messaging';
import { HubConfig } from '../config/hub-config.js';
import { ConflictOutcomesRepository, type DueOutcome } from '../events/index.js';

/** How often resolved conflicts are looked for; an operator's resolution reaches the publisher within about this. */
const CHECK_MS = 500;
/** The most outcomes sent at once. */
const BATCH = 100;

/**
 * The `ingest` role's second duty: a held record read from an agency's outbound topic gets a final
 * outcome on `agency.<id>.outcomes` once an operator resolved its conflict (accepted, or refused
 * with CONFLICT_REJECTED), with the same event id and outbound offset as its `held` outcome. The
 * resolution's commit is the queue (see ConflictOutcomesRepository.sendDue): sent with acks=all,
 * then marked; a failure leaves it due and it is sent on the next check.
 */
@Injectable()
export class ConflictOutcomeSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ConflictOutcomes');
  private producer: KafkaProducer | undefined;
  private stopping = false;
  private connecting: Promise<void> | undefined;
  private sending: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: HubConfig,
    private readonly conflicts: ConflictOutcomesRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.connecting = this.connectWhenReachable();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.connecting;
    await this.sending;
    await this.producer?.disconnect().catch(() => undefined);
  }

  private async connectWhenReachable(): Promise<void> {
    const kafka = createKafka(
      { brokers: this.config.KAFKA_BROKERS, clientId: 'hub-conflict-outcomes', security: this.config.kafkaSecurity() },
      this.logger,
    );
    const connected = await retryConnecting({
      connect: async () => {
        const producer = createRecordProducer(kafka);
        this.producer = producer;
        await producer.connect();
      },
      cleanUp: async () => {
        await this.producer?.disconnect().catch(() => undefined);
        this.producer = undefined;
      },
      stopping: () => this.stopping,
      waiting: 'Kafka not reachable yet; the outcomes of resolved conflicts wait',
      logger: this.logger,
    });
    if (!connected || this.stopping) return;
    this.scheduleCheck();
  }

  /** The next check starts CHECK_MS after the last one ended, so a slow one never queues more behind it. */
  private scheduleCheck(): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.sending = this.sendDue()
        .catch((error: unknown) => {
          this.logger.warn({ message: 'could not send the outcomes of resolved conflicts yet; trying again', error: String(error) });
        })
        .finally(() => this.scheduleCheck());
    }, CHECK_MS);
    this.timer.unref();
  }

  private async sendDue(): Promise<void> {
    while (!this.stopping && (await this.conflicts.sendDue(BATCH, (due) => this.send(due))) === BATCH);
  }

  private async send(due: readonly DueOutcome[]): Promise<void> {
    const producer = this.producer;
    if (!producer) throw new Error('the outcomes producer is not connected yet');
    const byTopic = new Map<string, DueOutcome[]>();
    for (const one of due) byTopic.set(agencyOutcomesTopic(one.agency), [...(byTopic.get(agencyOutcomesTopic(one.agency)) ?? []), one]);
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, outcomes]) => ({
        topic,
        messages: outcomes.map(({ outcome }) => ({ key: outcome.eventId, value: JSON.stringify(outcome) })),
      })),
    });
    this.logger.log({ message: 'sent the final outcomes of resolved conflicts', conflicts: due.map((one) => one.conflictId) });
  }
}
