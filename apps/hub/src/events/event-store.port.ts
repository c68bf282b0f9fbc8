import type { EventEnvelope } from '@hub/contracts';

/** An event ready to be stored: validated, subject derived, serialized for Kafka. */
export interface PreparedEvent {
  readonly id: string;
  readonly type: string;
  readonly contractVersion: number;
  readonly agency: string;
  readonly region: string;
  readonly subject: string;
  readonly occurredAt: string;
  readonly correlationId: string;
  /** SHA-256 of the canonical JSON of the event as the publisher sent it. */
  readonly contentHash: string;
  /** The canonical event, as routed to the subscriptions. */
  readonly envelope: EventEnvelope<object>;
  /** The canonical event, serialized once: published to Kafka byte for byte. */
  readonly payload: string;
  /** The canonical event as kept in the event store: raw identifiers in `data` encrypted. */
  readonly storedEnvelope: string;
  readonly topic: string;
  /** The purpose (legal basis) of the policy grant it was published under, for the audit trail. */
  readonly purpose: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Stores events, their outbox records and their deliveries to the subscriptions in one transaction. */
export interface EventStore {
  /**
   * Stores the events not stored before, with their outbox records and their deliveries to every
   * subscription that may have them (routed by the view in force at commit), atomically. Returns the ids
   * that were already stored (with the same content). Throws EventIdConflictError when an id was
   * stored with different content; then nothing of the call is stored.
   */
  storeNew(events: readonly PreparedEvent[]): Promise<Set<string>>;
}

export const EVENT_STORE = Symbol('EventStore');
