import { Injectable } from '@nestjs/common';
import { WebhookDeliveries, type WebhookDeliveryRequest } from '@hub/delivery';
import { appendAudit, type AuditEntry } from '@hub/audit';
import { KAFKA_HEADERS } from '@hub/contracts';
import { agencyInboundTopic, appendToOutbox, type OutboxEntry } from '@hub/messaging';
import type { EntityManager } from 'typeorm';
import type { Route, Withheld } from './route-event.js';

/** Headers a delivery adds to the event's own: which subscription, and its gap-free sequence number. */
export const DELIVERY_HEADERS = {
  subscriptionId: 'hub-subscription-id',
  sequence: 'hub-sequence',
} as const;

/**
 * The Kafka record of one event for one subscription, bound for the agency's inbound topic: the
 * projected event keyed by subject, with the event's headers and the subscription's (`extra` adds
 * the sequence numbers).
 */
export function inboundRecord(
  route: Route,
  event: { eventId: string; subject: string; correlationId: string; traceparent: string },
  extra: Readonly<Record<string, string>>,
): OutboxEntry {
  return {
    eventId: event.eventId,
    topic: agencyInboundTopic(route.agency.id),
    key: event.subject,
    payload: JSON.stringify(route.message),
    headers: {
      [KAFKA_HEADERS.contentType]: 'application/cloudevents+json; charset=utf-8',
      [KAFKA_HEADERS.eventId]: event.eventId,
      [KAFKA_HEADERS.eventType]: route.message.type,
      [KAFKA_HEADERS.contractVersion]: String(route.contractVersion),
      [KAFKA_HEADERS.correlationId]: event.correlationId,
      [KAFKA_HEADERS.traceparent]: event.traceparent,
      [DELIVERY_HEADERS.subscriptionId]: route.subscription.id,
      ...extra,
    },
  };
}

/** The event and the trace context it travels with. */
export interface RoutedEvent {
  readonly eventId: string;
  readonly subject: string;
  readonly correlationId: string;
  readonly traceparent: string;
  readonly routes: readonly Route[];
  readonly withheld: readonly Withheld[];
}

/** A delivery recorded now (not one an earlier, redelivered batch already recorded). */
export interface RecordedDelivery {
  readonly subscriptionId: string;
  readonly agency: string;
  readonly eventId: string;
  readonly sequence: number;
}

/**
 * Records routed events in the caller's transaction: per subscription and event one
 * `subscription_deliveries` row with the next sequence number (the subscription's row lock keeps
 * them gap-free and in event order), the Kafka delivery as an outbox row for the agency's inbound
 * topic, the webhook delivery in the webhook queue (which numbers it the same way), and an `event.dispatched` audit row with the purpose. An event the subscription already
 * has (Kafka redelivered the batch) is skipped whole: no sequence used, nothing sent twice.
 */
@Injectable()
export class DispatchRepository {
  constructor(private readonly webhooks: WebhookDeliveries) {}

  async record(tx: EntityManager, events: readonly RoutedEvent[]): Promise<RecordedDelivery[]> {
    const recorded: RecordedDelivery[] = [];
    const outbox: OutboxEntry[] = [];
    const audit: AuditEntry[] = [];
    const webhooks: WebhookDeliveryRequest[] = [];
    // Lock subscriptions in one order (by id), and within one keep the events' order.
    const work = events
      .flatMap((event, order) => event.routes.map((route) => ({ event, route, order })))
      .sort((a, b) =>
        a.route.subscription.id < b.route.subscription.id ? -1 : a.route.subscription.id > b.route.subscription.id ? 1 : a.order - b.order,
      );
    for (const { event, route } of work) {
      const channels = [
        ...(route.subscription.channels.kafka ? ['kafka'] : []),
        ...(route.subscription.channels.webhook ? ['webhook'] : []),
      ];
      const rows = await tx.query<{ sequence: string }[]>(
        `WITH seq AS (
           UPDATE subscriptions SET next_sequence = next_sequence + 1
            WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM subscription_deliveries WHERE subscription_id = $1 AND event_id = $2)
           RETURNING next_sequence - 1 AS sequence)
         INSERT INTO subscription_deliveries (subscription_id, sequence, event_id, subject, channels, contract_version, policy_version, projection, purpose)
         SELECT $1, seq.sequence, $2, $3, $4::text[], $5, $6, $7, $8 FROM seq
         RETURNING sequence::text`,
        [
          route.subscription.id,
          event.eventId,
          event.subject,
          channels,
          route.contractVersion,
          route.policyVersion,
          route.projection,
          route.purpose,
        ],
      );
      const sequence = rows[0]?.sequence;
      if (sequence === undefined) continue;
      recorded.push({ subscriptionId: route.subscription.id, agency: route.agency.id, eventId: event.eventId, sequence: Number(sequence) });
      if (route.subscription.channels.kafka) {
        outbox.push(
          inboundRecord(
            route,
            { eventId: event.eventId, subject: event.subject, correlationId: event.correlationId, traceparent: event.traceparent },
            {
              [DELIVERY_HEADERS.sequence]: sequence,
            },
          ),
        );
      }
      const webhook = route.subscription.channels.webhook;
      if (webhook) {
        webhooks.push({
          subscriptionId: route.subscription.id,
          agencyId: route.agency.id,
          endpoint: webhook.url,
          eventId: event.eventId,
          eventType: route.message.type,
          subjectId: event.subject,
          payload: JSON.stringify(route.message),
        });
      }
      audit.push({
        actor: 'system:dispatcher',
        action: 'event.dispatched',
        purpose: route.purpose,
        eventId: event.eventId,
        detail: {
          agency: route.agency.id,
          subscriptionId: route.subscription.id,
          sequence: Number(sequence),
          channels: channels.join(','),
          projection: route.projection,
          policyVersion: route.policyVersion,
        },
      });
    }
    audit.push(...(await this.withhold(tx, events)));
    await appendToOutbox(tx, outbox);
    if (webhooks.length > 0) await this.webhooks.enqueue(webhooks, tx);
    if (audit.length > 0) await appendAudit(tx, audit);
    return recorded;
  }

  /** Records each withholding once (a batch Kafka delivers again finds them recorded); audit rows for the new ones. */
  private async withhold(tx: EntityManager, events: readonly RoutedEvent[]): Promise<AuditEntry[]> {
    const withheld = events.flatMap((event) => event.withheld.map(({ subscription, reason }) => ({ event, subscription, reason })));
    if (withheld.length === 0) return [];
    const inserted = await tx.query<{ pair: string }[]>(
      `INSERT INTO subscription_withholdings (subscription_id, event_id, reason)
       SELECT s, e, r FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS u(s, e, r)
       ON CONFLICT DO NOTHING
       RETURNING subscription_id::text || '/' || event_id::text AS pair`,
      [withheld.map((w) => w.subscription.id), withheld.map((w) => w.event.eventId), withheld.map((w) => w.reason.slice(0, 300))],
    );
    const fresh = new Set(inserted.map((row) => row.pair));
    return withheld
      .filter(({ subscription, event }) => fresh.has(`${subscription.id}/${event.eventId}`))
      .map(({ event, subscription, reason }) => ({
        actor: 'system:dispatcher',
        action: 'event.withheld',
        purpose: subscription.purpose,
        eventId: event.eventId,
        detail: { agency: subscription.agency, subscriptionId: subscription.id, reason: reason.slice(0, 300) },
      }));
  }
}
