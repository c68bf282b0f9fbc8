import { Logger } from '@nestjs/common';
import { agencyOutboundTopic, createKafka, type KafkaProducer, type KafkaSecurity } from '@hub/messaging';
import type { OutboundPublisher, OutboundRecord } from './outbound-publisher.js';

/** The settings of AgencyOutboundSettings (seam 1): the agency, its brokers and its SCRAM credentials. */
export interface OutboundSettings {
  readonly agencyId: string;
  readonly brokers: readonly string[];
  readonly security: KafkaSecurity;
  readonly clientId?: string;
}

/**
 * Publishes to `agency.<agencyId>.outbound` as the agency's own Kafka principal: idempotent
 * producer, acks=all, each record keyed by `key` (else the event id). Stands in for the agency kit's
 * AgencyOutboundPublisher, with the same constructor and methods, until that is available.
 */
export class KafkaOutboundPublisher implements OutboundPublisher {
  private readonly producer: KafkaProducer;
  private readonly topic: string;

  constructor(settings: OutboundSettings) {
    this.topic = agencyOutboundTopic(settings.agencyId);
    const kafka = createKafka(
      { clientId: settings.clientId ?? `${settings.agencyId}-outbound`, brokers: settings.brokers, security: settings.security },
      new Logger('AgencyOutbound'),
    );
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 5, allowAutoTopicCreation: false });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  async publish(records: readonly OutboundRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: records.map(({ event, key }) => ({ key: key ?? event.id, value: JSON.stringify(event) })),
    });
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
}
