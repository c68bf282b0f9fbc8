import { appendAudit, type AuditEntry } from '@hub/audit';
import { INBOUND_HEADERS, KAFKA_HEADERS } from '@hub/contracts';
import type { WebhookDeliveries, WebhookDeliveryRequest } from '@hub/delivery';
import { agencyInboundTopic, appendToOutbox, type OutboxEntry } from '@hub/messaging';
import { markHop, tracingOn } from '@hub/observability';
import type { EntityManager } from 'typeorm';
import type { Route } from './route-event.js';

/** The event a route carries, and the trace context it travels with. */
export interface EmittedEvent {
  readonly eventId: string;
  readonly subject: string;
  readonly correlationId: string;
  readonly traceparent: string;
}

/**
 * One event going out to one subscription on the channels of `route.subscription`. Dispatch and
 * replay differ only in `headers` (the sequence numbers on the Kafka record) and `webhookQueue`
 * (the subscription's own queue, or a replay's).
 */
export interface Emission {
  readonly route: Route;
  readonly event: EmittedEvent;
  readonly headers: Readonly<Record<string, string>>;
  readonly webhookQueue: string;
}

/** What emissions become: Kafka records for the outbox and requests for the webhook queue, in emission order. */
export interface Deliveries {
  readonly outbox: OutboxEntry[];
  readonly webhooks: WebhookDeliveryRequest[];
}

/**
 * The Kafka record of one event for one subscription, bound for the agency's inbound topic: the
 * projected event keyed by subject, with the event's headers and the subscription's (`extra` adds
 * the sequence numbers).
 */
export function inboundRecord(route: Route, event: EmittedEvent, extra: Readonly<Record<string, string>>): OutboxEntry {
  // With tracing on, the dispatch to this subscription is a span of the event's trace.
  const traceparent = tracingOn()
    ? markHop(`dispatch ${route.subscription.id}`, event.traceparent, 'internal', {
        'hub.agency': route.agency.id,
        'hub.subscription_id': route.subscription.id,
      })
    : event.traceparent;
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
      [KAFKA_HEADERS.traceparent]: traceparent,
      [INBOUND_HEADERS.subscriptionId]: route.subscription.id,
      ...extra,
    },
  };
}

/** The records and webhook requests of some emissions, each on the channels its subscription has. */
export function toDeliveries(emissions: readonly Emission[]): Deliveries {
  const outbox: OutboxEntry[] = [];
  const webhooks: WebhookDeliveryRequest[] = [];
  for (const { route, event, headers, webhookQueue } of emissions) {
    const { kafka, webhook } = route.subscription.channels;
    if (kafka) outbox.push(inboundRecord(route, event, headers));
    if (webhook) {
      webhooks.push({
        subscriptionId: webhookQueue,
        agencyId: route.agency.id,
        endpoint: webhook.url,
        eventId: event.eventId,
        eventType: route.message.type,
        subjectId: event.subject,
        payload: JSON.stringify(route.message),
      });
    }
  }
  return { outbox, webhooks };
}

/**
 * Sends routed events on their way in the caller's transaction, the one write shared by dispatch and
 * replay: Kafka records into the outbox (the relay publishes them in this order, which keeps each
 * subject's events in order), webhook deliveries into the webhook queue, and the audit rows.
 */
export async function emitRoutes(
  tx: EntityManager,
  webhookQueue: Pick<WebhookDeliveries, 'enqueue'>,
  emissions: readonly Emission[],
  audit: readonly AuditEntry[],
): Promise<void> {
  const { outbox, webhooks } = toDeliveries(emissions);
  await appendToOutbox(tx, outbox);
  if (webhooks.length > 0) await webhookQueue.enqueue(webhooks, tx);
  if (audit.length > 0) await appendAudit(tx, audit);
}
