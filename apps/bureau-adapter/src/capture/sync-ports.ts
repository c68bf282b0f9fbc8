import type { PermitRecord } from '../permits/permit-record.js';

/** A permit to publish: its record now, and as last published (undefined the first time). */
export interface PermitChange {
  readonly record: PermitRecord;
  readonly previous: PermitRecord | undefined;
}

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
 * Turns permit changes into signed events and publishes them; resolves only once Kafka has
 * acknowledged every one (the position is advanced after that). Events that fail the contract are
 * not sent: they come back as refusals.
 */
export interface PermitPublisher {
  publish(changes: readonly PermitChange[]): Promise<{ published: PublishedEvent[]; refused: LocalRefusal[] }>;
}
