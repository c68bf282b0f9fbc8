/** The permit holder as the projected event names them. */
export interface Holder {
  readonly passportNo: string;
  readonly nationality: string;
  readonly birthDate: string;
  readonly name: string;
}

/** What every recorded event carries: the envelope facts and the permit it is about. */
interface PermitEventFacts {
  readonly id: string;
  readonly subject: string;
  /** The event's `time` (RFC 3339): an event never overwrites a record made from a later one. */
  readonly time: string;
  readonly correlationId: string;
  readonly region: string;
  readonly permitNo: string;
  readonly holder: Holder;
  /** The publishing agency (envelope `agency`), e.g. bureau-310000: whose records a reconciliation compares. */
  readonly sourceAgency: string | null;
  /** The publisher's own id of the record (envelope `recordid`) and its version after the event; null when the event has none. */
  readonly recordId: string | null;
  readonly recordVersion: number | null;
}

/** The statuses a permit ends in, by the event that ends it. */
export const ENDING_STATUSES = {
  'work-permit.cancelled': 'cancelled',
  'work-permit.revoked': 'revoked',
  'work-permit.expired': 'expired',
} as const;

export type PermitStatus = 'valid' | (typeof ENDING_STATUSES)[keyof typeof ENDING_STATUSES];

/** A recorded work-permit event, read from its projected record: only the fields the adapter stores. */
export type PermitEvent = PermitEventFacts &
  (
    | { readonly type: 'work-permit.issued'; readonly permitClass: string; readonly validFrom: string; readonly validTo: string }
    | { readonly type: 'work-permit.extended'; readonly extendedOn: string; readonly validTo: string }
    | { readonly type: 'work-permit.changed'; readonly effectiveOn: string; readonly permitClass: string | null }
    | {
        readonly type: keyof typeof ENDING_STATUSES;
        /** cancelledOn, revokedOn or expiredOn. */
        readonly endedOn: string;
        /** The reason code of a cancellation or revocation; null for an expiry. */
        readonly reason: string | null;
      }
  );

/** Public security's record of one permit, as stored in `work_permits` (less `recorded_at`). */
export interface PermitRecord {
  readonly permitNo: string;
  readonly subjectId: string;
  readonly permitClass: string;
  readonly status: PermitStatus;
  readonly statusOn: string | null;
  readonly statusReason: string | null;
  readonly holderName: string;
  readonly passportNo: string;
  readonly nationality: string;
  readonly birthDate: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly extendedOn: string | null;
  readonly changedOn: string | null;
  readonly region: string;
  readonly sourceEventId: string;
  readonly correlationId: string;
  /** The `time` of the event the record was last made from. */
  readonly eventTime: string;
  /** The agency that published the record's events, and its own id and version of the record (null when the events carried none). */
  readonly sourceAgency: string | null;
  readonly recordId: string | null;
  readonly recordVersion: number | null;
  /** The `time` of the earliest event applied to the record (for a permit, its issue): the month a reconciliation buckets it in. */
  readonly firstEventTime: string | null;
}
