import { randomUUID } from 'node:crypto';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { INBOUND_HEADERS } from '@hub/contracts';
import { agencyInboundTopic } from '@hub/messaging';
import { testKafkaClient, waitUntil } from '@hub/testing';
import { kafkaPasswordOf } from './running-apps.js';

/** An event as an agency received it on its inbound topic, and the subscription the hub delivered it for. */
export interface InboundDelivery {
  readonly event: Record<string, unknown>;
  readonly subscriptionId: string | undefined;
}

/**
 * An agency's inbound topic (`agency.<id>.inbound`) read from the start as that agency would: its
 * own SCRAM user and password from the hub, a consumer group of its own under its prefix. The
 * reader starts on the first look-up, once the hub has made the topic (with its first delivery).
 */
export class AgencyInbound {
  private readonly seen: KafkaMessage[] = [];
  /** `partition:offset` of the records in `seen`: a record read again after a rebalance is the same record, not a second delivery. */
  private readonly positions = new Set<string>();
  private consumer: Consumer | undefined;
  private starting: Promise<void> | undefined;

  constructor(
    private readonly hubUrl: string,
    readonly agency: string,
  ) {}

  /** Every distinct event received so far, in the order each first arrived (what an agency that drops redeliveries by event id keeps). */
  distinctEvents(): Record<string, unknown>[] {
    const ids = new Set<unknown>();
    return this.events().filter((event) => !ids.has(event['id']) && ids.add(event['id']));
  }

  /** The delivery of event `id`, waited for. */
  async delivered(id: unknown, timeoutMs = 60_000): Promise<InboundDelivery> {
    await (this.starting ??= this.start(timeoutMs));
    return waitUntil(
      `event ${String(id)} on ${agencyInboundTopic(this.agency)}`,
      () => {
        const message = this.seen.find((m) => eventOf(m)['id'] === id);
        return message && { event: eventOf(message), subscriptionId: message.headers?.[INBOUND_HEADERS.subscriptionId]?.toString() };
      },
      timeoutMs,
    );
  }

  /** Every event received so far, in arrival order; an event the hub delivered again (at least once) appears again. */
  events(): Record<string, unknown>[] {
    return this.seen.map(eventOf);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  private async start(timeoutMs: number): Promise<void> {
    const topic = agencyInboundTopic(this.agency);
    const admin = testKafkaClient(`${this.agency}-inbound-topics`).admin();
    await admin.connect();
    try {
      await waitUntil(`topic ${topic}`, async () => (await admin.listTopics()).includes(topic), timeoutMs);
    } finally {
      await admin.disconnect();
    }
    const password = await kafkaPasswordOf(this.agency, this.hubUrl);
    this.consumer = testKafkaClient(`${this.agency}-inbound`, { user: this.agency, password }).consumer({
      groupId: `agency.${this.agency}.e2e-${randomUUID()}`,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: ({ partition, message }) => {
        const position = `${partition}:${message.offset}`;
        if (this.positions.has(position)) return Promise.resolve();
        this.positions.add(position);
        this.seen.push(message);
        return Promise.resolve();
      },
    });
  }
}

/** The event a record holds; other suites on the shared broker also write records that are not events (poison-record tests). */
export function eventOf(message: KafkaMessage): Record<string, unknown> {
  try {
    return JSON.parse(message.value?.toString() ?? '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
}
