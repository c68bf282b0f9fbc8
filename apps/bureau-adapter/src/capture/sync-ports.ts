import type { ApplicationRecord } from '../applications/application-record.js';
import type { PermitRecord } from '../permits/permit-record.js';

/** A permit to publish: its record now, and as last published (undefined the first time). */
export interface PermitChange {
  readonly kind: 'permit';
  readonly record: PermitRecord;
  readonly previous: PermitRecord | undefined;
}

/** An application to publish: its record now, and as last published (undefined the first time). */
export interface ApplicationChange {
  readonly kind: 'application';
  readonly record: ApplicationRecord;
  readonly previous: ApplicationRecord | undefined;
}

/** A record of the bureau to publish, of either kind. */
export type RecordChange = PermitChange | ApplicationChange;

/** A record of the bureau as published, of either kind. */
export type PublishedRecord = RecordChange['record'];

/** An event the adapter handed to Kafka, kept to match the hub's outcome to the bureau's record. */
export interface PublishedEvent {
  readonly eventId: string;
  readonly recordId: string;
  readonly recordVersion: number;
  readonly type: string;
}

/** A problem the adapter found itself (before the hub could see it), surfaced beside the hub's refusals. */
export interface LocalRefusal {
  readonly recordId: string;
  readonly recordVersion: number | null;
  readonly eventType: string | null;
  readonly code: string;
  readonly message: string;
  readonly messageZh: string;
  readonly issues: readonly { path: string; rule: string; message: string; messageZh?: string }[];
}

/**
 * Turns permit and application changes into signed events and publishes them; resolves only once Kafka has
 * acknowledged every one (the position is advanced after that). Events that fail the contract are
 * not sent: they come back as refusals.
 */
export interface RecordPublisher {
  publish(changes: readonly RecordChange[]): Promise<{ published: PublishedEvent[]; refused: LocalRefusal[] }>;
}
