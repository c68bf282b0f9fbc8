import { Logger } from '@nestjs/common';
import { agencyOutboundTopic, createKafka, JAVA_COMPATIBLE_PARTITIONER, type KafkaClient, type KafkaProducer } from '@hub/messaging';
import type { AgencyOutboundSettings } from './agency-outbound-settings.js';

/** A signed CloudEvents envelope, as `POST /v1/events` takes it (e.g. what `signEvent` returns). */
export interface SignedEvent {
  readonly id: string;
  readonly signature: string;
  /** The publisher's own record id (extension attribute), which keys the record when present. */
  readonly recordid?: string;
  readonly subject?: string;
}

/** One record for the agency's outbound topic. */
export interface OutboundRecord {
  readonly event: SignedEvent;
  /** The Kafka key; default: the event's `recordid`, else its `subject`, else its `id`. */
  readonly key?: string;
}

/** The Kafka key of a record: records with one key stay in one partition, so the hub reads them in order. */
export function outboundKey({ event, key }: OutboundRecord): string {
  return key ?? event.recordid ?? event.subject ?? event.id;
}

/**
 * Publishes an agency's signed events to its outbound topic `agency.<id>.outbound`, which the hub
 * consumes with the same checks as `POST /v1/events` and answers on `agency.<id>.outcomes` (read
 * them with AgencyOutcomeReader). The producer is idempotent with acks=all: `publish` resolves once
 * every in-sync replica has every record, and a retried send never writes a record twice. Records
 * with the same key keep their order.
 */
export class AgencyOutboundPublisher {
  private readonly kafka: KafkaClient;
  private readonly topic: string;
  private producer: KafkaProducer | undefined;

  /** `kafka` replaces the client made from `settings` (tests). */
  constructor(settings: AgencyOutboundSettings, kafka?: KafkaClient) {
    this.topic = agencyOutboundTopic(settings.agencyId);
    this.kafka =
      kafka ??
      createKafka(
        { brokers: settings.brokers, clientId: settings.clientId ?? `${settings.agencyId}-outbound`, security: settings.security },
        new Logger(AgencyOutboundPublisher.name),
      );
  }

  async connect(): Promise<void> {
    if (this.producer) return;
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: JAVA_COMPATIBLE_PARTITIONER });
    await producer.connect();
    this.producer = producer;
  }

  /** Resolves once Kafka has acknowledged every record (acks=all); throws (kafkajs's error, `retriable` set) otherwise. */
  async publish(records: readonly OutboundRecord[]): Promise<void> {
    if (!this.producer) throw new Error('AgencyOutboundPublisher is not connected: call connect() before publish().');
    if (records.length === 0) return;
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: records.map((record) => ({ key: outboundKey(record), value: JSON.stringify(record.event) })),
    });
  }

  async disconnect(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect();
  }
}
