import { agencyInboundTopic } from '@hub/messaging';
import type { RoutedEvent } from './number-deliveries.js';
import type { RoutedRecords } from './route-records.js';

/** What a set of routed records comes to once the event store has been asked which events it holds. */
export interface DispatchPlan {
  /** Events the hub accepted and stored, to record and send. */
  readonly deliverable: RoutedEvent[];
  /** The agencies' inbound topics the deliverable events go to on Kafka. */
  readonly inboundTopics: string[];
}

/**
 * Only events the hub accepted and stored leave it: a record whose event the store does not hold
 * (written to the stream by anything but this hub's relay) is parked as EVENT_NOT_STORED, never
 * retried. The rest are deliverable, on the inbound topics of their Kafka subscribers.
 */
export function planDispatch(records: RoutedRecords, stored: ReadonlySet<string>): DispatchPlan {
  const deliverable = records.routed.filter((event) => stored.has(event.eventId));
  for (const event of records.routed.filter((candidate) => !stored.has(candidate.eventId))) {
    records.park(event.eventId, 'EVENT_NOT_STORED', new Error(`event ${event.eventId} is not in the hub's event store`));
  }
  const inboundTopics = deliverable.flatMap((event) =>
    event.routes.filter((route) => route.subscription.channels.kafka).map((route) => agencyInboundTopic(route.agency.id)),
  );
  return { deliverable, inboundTopics: [...new Set(inboundTopics)] };
}
