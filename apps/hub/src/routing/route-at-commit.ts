import type { EventEnvelope } from '@hub/contracts';
import type { SealedWebhookDelivery, WebhookDeliveryRequest } from '@hub/delivery';
import type { OutboxEntry } from '@hub/messaging';
import { inboundRecord, toDeliveries, type EmittedEvent } from './emit-routes.js';
import type { RoutingView } from './routing-views.js';

/** An event about to be published, as routing at commit needs it. */
export interface EventToRoute extends EmittedEvent {
  /** The canonical event, as the canonical topic carries it. */
  readonly envelope: EventEnvelope<object>;
}

/**
 * One event bound for one subscription, ready for the publish statement, which numbers it: the
 * Kafka record for the agency's inbound topic (the statement adds the sequence header) and the
 * webhook delivery, each when the subscription has that channel.
 */
export interface CommitDelivery {
  readonly eventId: string;
  readonly subscriptionId: string;
  readonly agency: string;
  readonly subject: string;
  readonly channels: string;
  readonly contractVersion: number;
  readonly policyVersion: number;
  readonly projection: string;
  readonly purpose: string;
  readonly inbound: OutboxEntry | undefined;
  readonly webhook: SealedWebhookDelivery | undefined;
}

/** A subscription that would have taken an event but may not, and why. */
export interface CommitWithholding {
  readonly eventId: string;
  readonly subscriptionId: string;
  readonly agency: string;
  readonly purpose: string;
  readonly reason: string;
}

/** Where a publish's events go, by the routing view of `version`. */
export interface CommitRouting {
  readonly version: number;
  /** In event order, and within one event in the subscriptions' order. */
  readonly deliveries: readonly CommitDelivery[];
  readonly withheld: readonly CommitWithholding[];
}

/**
 * Routes the events of one publish with `view`, as the dispatcher routed them from the stream: the
 * same routeEvent, the same Kafka record and webhook request per route (`seal` checks and seals the
 * webhook requests, see WebhookDeliveries.seal).
 */
export function routeAtCommit(
  events: readonly EventToRoute[],
  view: RoutingView,
  seal: (requests: readonly WebhookDeliveryRequest[]) => SealedWebhookDelivery[],
): CommitRouting {
  const deliveries: CommitDelivery[] = [];
  const withheld: CommitWithholding[] = [];
  for (const event of events) {
    const routing = view.route(event.envelope);
    for (const route of routing.routes) {
      const { kafka, webhook } = route.subscription.channels;
      const emitted = {
        eventId: event.eventId,
        subject: event.subject,
        correlationId: event.correlationId,
        traceparent: event.traceparent,
      };
      const [request] = webhook ? toDeliveries([{ route, event: emitted, headers: {}, webhookQueue: route.subscription.id }]).webhooks : [];
      deliveries.push({
        eventId: event.eventId,
        subscriptionId: route.subscription.id,
        agency: route.agency.id,
        subject: event.subject,
        channels: [...(kafka ? ['kafka'] : []), ...(webhook ? ['webhook'] : [])].join(','),
        contractVersion: route.contractVersion,
        policyVersion: route.policyVersion,
        projection: route.projection,
        purpose: route.purpose,
        inbound: kafka ? inboundRecord(route, emitted, {}) : undefined,
        webhook: request ? seal([request])[0] : undefined,
      });
    }
    for (const { subscription, reason } of routing.withheld) {
      withheld.push({
        eventId: event.eventId,
        subscriptionId: subscription.id,
        agency: subscription.agency,
        purpose: subscription.purpose,
        reason: reason.slice(0, 300),
      });
    }
  }
  return { version: view.version, deliveries, withheld };
}
