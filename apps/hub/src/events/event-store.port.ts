import type { EventEnvelope } from '@hub/contracts';
import type { RecordRef } from './record-versions/record-identity.js';

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
  /** The record the event changes, when it carries `recordversion`: stored only if the version fits (see claimRecordVersions). */
  readonly record?: RecordRef | undefined;
  /** Set when an operator accepted this held event in the conflict queue: the conflict it resolves. */
  readonly resolves?: ResolvedBy | undefined;
}

/** An operator's accept-incoming of a conflict, stored with the event it lets through. */
export interface ResolvedBy {
  readonly conflictId: string;
  /** The audit actor, `admin:<operator>`. */
  readonly actor: string;
  readonly note: string;
}

/** What became of a request's events that were not stored as new. */
export interface StoreOutcome {
  /** Stored before with the same content, or the record's held version says the same. */
  readonly duplicates: ReadonlySet<string>;
  /** Changes to a record another agency holds, queued for an operator: event id → conflict id. */
  readonly held: ReadonlyMap<string, string>;
}

/** Stores events, their outbox records and their deliveries to the subscriptions in one transaction. */
export interface EventStore {
  /**
   * Stores the events not stored before, with their outbox records and their deliveries to every
   * subscription that may have them (routed by the view in force at commit), atomically. Returns the ids
   * that were already stored (with the same content) and those held in the conflict queue. Throws
   * EventIdConflictError when an id was stored with different content, StaleRecordVersionError when a
   * record version is older than the one held; then nothing of the call is stored.
   */
  storeNew(events: readonly PreparedEvent[]): Promise<StoreOutcome>;
}

export const EVENT_STORE = Symbol('EventStore');
