import { Logger } from '@nestjs/common';
import {
  agencyConsumerGroupPrefix,
  agencyOutcomesTopic,
  createKafka,
  type ConsumedBatch,
  type KafkaClient,
  type KafkaConsumer,
} from '@hub/messaging';
import type { AgencyOutboundSettings } from './agency-outbound-settings.js';
import { parsePublishOutcome, type PublishOutcome } from './publish-outcome.js';

/** Handles one outcome; a throw leaves it (and those after it in its partition) to be read again. */
export type PublishOutcomeHandler = (outcome: PublishOutcome) => Promise<void>;

export interface AgencyOutcomeReaderOptions {
  /** Consumer group; must start with the agency's prefix `agency.<id>.`. Default `agency.<id>.outcomes`. */
  readonly groupId?: string;
  /** Where a group with no committed offset starts: the oldest outcome kept (default) or only new ones. */
  readonly fromBeginning?: boolean;
}

/**
 * Reads the hub's answers to an agency's outbound records from `agency.<id>.outcomes`, as the
 * agency's own principal, in a consumer group under the agency's prefix. Calls the handler once per
 * outcome in partition order and commits an outcome's offset only after its handler resolved, so an
 * outcome is never skipped (it may be handled again after a crash: make the handler idempotent, e.g.
 * by event id and outbound offset).
 */
export class AgencyOutcomeReader {
  private readonly logger = new Logger(AgencyOutcomeReader.name);
  private readonly kafka: KafkaClient;
  private readonly topic: string;
  private readonly groupId: string;
  private consumer: KafkaConsumer | undefined;

  /** `kafka` replaces the client made from `settings` (tests). */
  constructor(
    settings: AgencyOutboundSettings,
    private readonly handler: PublishOutcomeHandler,
    private readonly options: AgencyOutcomeReaderOptions = {},
    kafka?: KafkaClient,
  ) {
    this.topic = agencyOutcomesTopic(settings.agencyId);
    const prefix = agencyConsumerGroupPrefix(settings.agencyId);
    this.groupId = options.groupId ?? `${prefix}outcomes`;
    if (!this.groupId.startsWith(prefix) || this.groupId.length === prefix.length) {
      throw new RangeError(
        `Outcome reader group ${JSON.stringify(this.groupId)} must start with ${prefix}: the agency may join only those groups.`,
      );
    }
    this.kafka =
      kafka ??
      createKafka(
        { brokers: settings.brokers, clientId: settings.clientId ?? `${settings.agencyId}-outcomes`, security: settings.security },
        this.logger,
      );
  }

  /** Joins the group and starts handing outcomes to the handler (resolves once running). */
  async start(): Promise<void> {
    if (this.consumer) return;
    const consumer = this.kafka.consumer({ groupId: this.groupId });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [this.topic], fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.readBatch(payload) });
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect();
  }

  private async readBatch(payload: ConsumedBatch): Promise<void> {
    const { batch } = payload;
    let next: string | undefined;
    try {
      for (const message of batch.messages) {
        if (!payload.isRunning() || payload.isStale()) break;
        const outcome = parsePublishOutcome(message.value);
        if ('invalid' in outcome) {
          this.logger.warn({
            message: 'skipped a record of the outcomes topic that is not an outcome',
            reason: outcome.invalid,
            offset: message.offset,
          });
        } else {
          await this.handler(outcome);
        }
        payload.resolveOffset(message.offset);
        next = (BigInt(message.offset) + 1n).toString();
        await payload.heartbeat();
      }
    } finally {
      if (next !== undefined) {
        await payload.commitOffsetsIfNecessary({
          topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }],
        });
      }
    }
  }
}
