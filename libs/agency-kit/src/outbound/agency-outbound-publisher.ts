import { Logger } from '@nestjs/common';
import { KAFKA_HEADERS } from '@hub/contracts';
import { agencyOutboundTopic, createKafka, createRecordProducer, type KafkaClient, type KafkaProducer } from '@hub/messaging';
import { isTraceparent, startHop, tracingOn, type Hop } from '@hub/observability';
import type { AgencyOutboundSettings } from './agency-outbound-settings.js';

/** Sends of one `publish` before it gives up (waiting 0.3, 0.6, 1.2, 2.4 s between them). */
const SEND_TRIES = 5;

/** A signed CloudEvents envelope, as `POST /v1/events` takes it (e.g. what `signEvent` returns). */
export interface SignedEvent {
  readonly id: string;
  readonly signature: string;
  /** The publisher's own record id (extension attribute), which keys the record when present. */
  readonly recordid?: string;
  readonly subject?: string;
  /** The W3C trace context the event was made in (extension attribute): its record's span continues it. */
  readonly traceparent?: string;
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
 * them with AgencyOutcomeReader). The producer sends with acks=all (see createRecordProducer):
 * `publish` resolves once every in-sync replica has every record. A send that fails (a broker down, a leader moving) is sent
 * again whole, a few times with backoff, before `publish` gives up: a record may then reach the topic
 * twice (the hub keeps an event once, by its id), never not at all. Records with the same key keep
 * their order. With tracing on (startTracing), each record is sent in a span of its own (a child of
 * the event's `traceparent`, else a new trace) whose traceparent is the record's `traceparent`
 * header, which the hub's ingest continues; off, a record carries a child of the event's valid
 * `traceparent` when it has one, and no header otherwise.
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
    const producer = createRecordProducer(this.kafka);
    await producer.connect();
    this.producer = producer;
  }

  /**
   * Resolves once Kafka has acknowledged every record (acks=all); after SEND_TRIES failed sends,
   * throws the last one's error (kafkajs's, `retriable` set).
   */
  async publish(records: readonly OutboundRecord[]): Promise<void> {
    if (!this.producer) throw new Error('AgencyOutboundPublisher is not connected: call connect() before publish().');
    if (records.length === 0) return;
    const hops = records.map((record) => this.sendHop(record.event));
    const messages = records.map((record, index) => {
      const traceparent = hops[index]?.traceparent;
      return {
        key: outboundKey(record),
        value: JSON.stringify(record.event),
        ...(traceparent === undefined ? {} : { headers: { [KAFKA_HEADERS.traceparent]: traceparent } }),
      };
    });
    for (let tries = 1; ; tries++) {
      try {
        await this.producer.send({ topic: this.topic, acks: -1, messages });
        for (const hop of hops) hop?.end();
        return;
      } catch (error) {
        if (tries >= SEND_TRIES) {
          for (const hop of hops) hop?.end(error);
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 300 * 2 ** (tries - 1)));
      }
    }
  }

  /** The span of one record's send (OpenTelemetry's messaging conventions), when there is a trace to pass on. */
  private sendHop(event: SignedEvent): Hop | undefined {
    const parent = isTraceparent(event.traceparent) ? event.traceparent : undefined;
    if (!tracingOn() && parent === undefined) return undefined;
    return startHop(`send ${this.topic}`, parent, 'producer', {
      'messaging.system': 'kafka',
      'messaging.destination.name': this.topic,
      'messaging.message.id': event.id,
    });
  }

  async disconnect(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect();
  }
}
