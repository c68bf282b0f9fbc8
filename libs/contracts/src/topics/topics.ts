import type { EventEnvelope } from '../envelope/event-envelope.js';

/**
 * Canonical topics, one per domain, written only by the hub's relay. Records are keyed by subject id,
 * so one person's events stay in order within a topic.
 */
export const CANONICAL_TOPICS = {
  workPermit: 'hub.work-permit.events',
  visa: 'hub.visa.events',
  residencePermit: 'hub.residence-permit.events',
  permanentResidence: 'hub.permanent-residence.events',
  education: 'hub.education.events',
  tax: 'hub.tax.events',
  credit: 'hub.credit.events',
  talentCard: 'hub.talent-card.events',
  /** The linkage service's conclusions (decisions and cases) about a person's chain across agencies. */
  linkage: 'hub.linkage.events',
} as const;
export type CanonicalTopic = (typeof CANONICAL_TOPICS)[keyof typeof CANONICAL_TOPICS];

/** Every canonical topic, for a look-up such as SQL's `topic = ANY($1)`. */
export const CANONICAL_TOPIC_NAMES: readonly CanonicalTopic[] = Object.values(CANONICAL_TOPICS);

/**
 * The hub's internal stream of every accepted event, in commit order and keyed by subject, which
 * the dispatcher consumes. The canonical topics are one per domain, so a subject's visa event and
 * its work-permit event sit on different topics with no order between them; here they share one
 * partition in the order the hub accepted them, and subscribers receive them in that order.
 */
export const DISPATCH_TOPIC = 'hub.internal.dispatch';

/** An accepted event as it travels on a canonical topic: the subject id is always set. */
export type CanonicalEvent<TData = object> = EventEnvelope<TData> & { subject: string };

/** Kafka header names the hub sets on every record. */
export const KAFKA_HEADERS = {
  contentType: 'content-type',
  eventId: 'ce_id',
  eventType: 'ce_type',
  contractVersion: 'hub-contract-version',
  correlationId: 'hub-correlation-id',
  traceparent: 'traceparent',
} as const;

/**
 * Headers the hub adds to a record on an agency's inbound topic (`agency.<id>.inbound`): which
 * subscription it is for and its gap-free sequence number there; a replayed record also names its
 * replay and its place in it, and keeps the original sequence when the subscription had the event.
 */
export const INBOUND_HEADERS = {
  subscriptionId: 'hub-subscription-id',
  sequence: 'hub-sequence',
  replayId: 'hub-replay-id',
  replaySequence: 'hub-replay-sequence',
} as const;
