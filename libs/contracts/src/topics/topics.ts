import type { EventEnvelope } from '../envelope/event-envelope.js';
import type { WorkPermitIssuedV1 } from '../events/work-permit/work-permit-issued.v1.js';

/** Canonical topics, one per domain. Events are keyed by subject id so one person's events stay in order. */
export const CANONICAL_TOPICS = {
  workPermit: 'hub.work-permit.events',
} as const;
export type CanonicalTopic = (typeof CANONICAL_TOPICS)[keyof typeof CANONICAL_TOPICS];

/** Each event type's payload, by type name. */
export interface EventPayloads {
  'work-permit.issued': WorkPermitIssuedV1;
}
export type EventType = keyof EventPayloads;

/** An accepted event as it travels on a canonical topic: the subject id is always set. */
export type CanonicalEvent<T extends EventType = EventType> = EventEnvelope<EventPayloads[T]> & { type: T; subject: string };

/** What each canonical topic carries, so producing the wrong shape does not compile. */
export interface TopicMessages {
  'hub.work-permit.events': CanonicalEvent<'work-permit.issued'>;
}

/** Kafka header names the hub sets on every record. */
export const KAFKA_HEADERS = {
  contentType: 'content-type',
  eventId: 'ce_id',
  eventType: 'ce_type',
  contractVersion: 'hub-contract-version',
  correlationId: 'hub-correlation-id',
  traceparent: 'traceparent',
} as const;
