import { ENDING_STATUSES, type PermitEvent, type PermitRecord } from './permit-event.js';

/** What an event did to a permit's record. */
export type PermitOutcome =
  | { readonly outcome: 'applied'; readonly record: PermitRecord }
  /** The record was made from a later event: an older one never overwrites it. */
  | { readonly outcome: 'older' }
  /** A change to a permit public security holds no record of (issued before the subscription). */
  | { readonly outcome: 'unknown-permit' };

/**
 * Applies one event to a permit's record (undefined when there is none yet). Issued makes the whole
 * record (valid); extended moves validTo; changed brings the holder and the class up to date;
 * cancelled, revoked and expired end the permit with their date and reason. Every event also
 * refreshes the holder (the identity as of that event) and the trace of the event last applied.
 * Events of one permit arrive in the order the hub accepted them; one whose time is earlier than
 * the record's is older and is not applied.
 */
export function applyPermitEvent(current: PermitRecord | undefined, event: PermitEvent): PermitOutcome {
  if (current && Date.parse(event.time) < Date.parse(current.eventTime)) return { outcome: 'older' };
  const trace = {
    subjectId: event.subject,
    holderName: event.holder.name,
    passportNo: event.holder.passportNo,
    nationality: event.holder.nationality,
    birthDate: event.holder.birthDate,
    region: event.region,
    sourceEventId: event.id,
    correlationId: event.correlationId,
    eventTime: event.time,
    sourceAgency: event.sourceAgency ?? current?.sourceAgency ?? null,
    recordId: event.recordId ?? current?.recordId ?? null,
    recordVersion: event.recordVersion ?? current?.recordVersion ?? null,
    firstEventTime: earlier(current?.firstEventTime ?? null, event.time),
  };
  if (event.type === 'work-permit.issued') {
    return {
      outcome: 'applied',
      record: {
        ...trace,
        permitNo: event.permitNo,
        permitClass: event.permitClass,
        status: 'valid',
        statusOn: null,
        statusReason: null,
        validFrom: event.validFrom,
        validTo: event.validTo,
        extendedOn: null,
        changedOn: null,
      },
    };
  }
  if (!current) return { outcome: 'unknown-permit' };
  switch (event.type) {
    case 'work-permit.extended':
      return { outcome: 'applied', record: { ...current, ...trace, validTo: event.validTo, extendedOn: event.extendedOn } };
    case 'work-permit.changed':
      return {
        outcome: 'applied',
        record: { ...current, ...trace, permitClass: event.permitClass ?? current.permitClass, changedOn: event.effectiveOn },
      };
    case 'work-permit.cancelled':
    case 'work-permit.revoked':
    case 'work-permit.expired':
      return {
        outcome: 'applied',
        record: { ...current, ...trace, status: ENDING_STATUSES[event.type], statusOn: event.endedOn, statusReason: event.reason },
      };
  }
}

/** The earlier of two RFC 3339 times (the second when there is no first). */
function earlier(first: string | null, second: string): string {
  return first !== null && Date.parse(first) <= Date.parse(second) ? first : second;
}
