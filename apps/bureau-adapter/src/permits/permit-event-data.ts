import type { Person } from '@hub/contracts';
import type { PermitRecord } from './permit-record.js';

/**
 * The `data` of each work-permit event a PermitRecord stands for, field by field as the contracts
 * in libs/contracts/src/events/work-permit name them. Optional fields the record lacks are left
 * out rather than sent as undefined; a required field the record lacks stays missing, so the
 * contract's own validation names it.
 */

/** `work-permit.issued` v2: the permit as it now reads. */
export function issuedData(record: PermitRecord): object {
  return {
    permitNo: record.permitNo,
    permitClass: record.permitClass,
    ...optional('points', record.points),
    holder: holderOf(record),
    employer: { creditCode: record.employer.creditCode, name: record.employer.name },
    occupation: { title: record.occupation.title, ...optional('code', record.occupation.code) },
    workRegion: record.workRegion,
    validity: { from: record.validFrom, to: record.validUntil },
  };
}

/** `work-permit.changed` v1: what `kinds` altered, with the values after the change. */
export function changedData(record: PermitRecord, previous: PermitRecord, kinds: readonly string[], effectiveOn: string): object {
  return {
    permitNo: record.permitNo,
    holder: holderOf(record),
    ...optional('applicationNo', record.applicationNo),
    effectiveOn,
    changeKinds: [...kinds],
    ...(kinds.includes('employer') || kinds.includes('employer-name')
      ? { employer: { creditCode: record.employer.creditCode, name: record.employer.name } }
      : {}),
    ...(kinds.includes('position') ? { position: record.occupation.title } : {}),
    ...(kinds.includes('permit-class') ? { permitClass: record.permitClass } : {}),
    ...(kinds.includes('passport') ? { previousPassportNo: previous.holder.passportNo } : {}),
  };
}

/** `work-permit.extended` v1: the last day of validity moved from `previousValidTo` to the record's. */
export function extendedData(record: PermitRecord, previousValidTo: string, extendedOn: string): object {
  return {
    permitNo: record.permitNo,
    holder: holderOf(record),
    ...optional('applicationNo', record.applicationNo),
    extendedOn,
    previousValidTo,
    validTo: record.validUntil,
  };
}

/** `work-permit.revoked` v1. */
export function revokedData(record: PermitRecord): object {
  return {
    permitNo: record.permitNo,
    holder: holderOf(record),
    revokedOn: record.statusOn,
    reason: record.statusReason,
    ...optional('remarks', record.remarks),
  };
}

/** `work-permit.cancelled` v1. */
export function cancelledData(record: PermitRecord): object {
  return {
    permitNo: record.permitNo,
    holder: holderOf(record),
    cancelledOn: record.statusOn,
    reason: record.statusReason,
    ...optional('remarks', record.remarks),
  };
}

/** `work-permit.expired` v1: the first day the permit is no longer valid (the day after validUntil unless the record says). */
export function expiredData(record: PermitRecord): object {
  return { permitNo: record.permitNo, holder: holderOf(record), expiredOn: expiredOnOf(record) };
}

/** The first day a permit that expired was no longer valid. */
export function expiredOnOf(record: PermitRecord): string {
  return record.statusOn ?? dayAfter(record.validUntil);
}

function holderOf({ holder }: PermitRecord): Person {
  return { passportNo: holder.passportNo, nationality: holder.nationality, birthDate: holder.birthDate, name: holder.name };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

/** The calendar day after `date` (YYYY-MM-DD); `date` itself when it is not a calendar date, for validation to refuse. */
export function dayAfter(date: string): string {
  const time = Date.parse(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(time)) return date;
  return new Date(time + 86_400_000).toISOString().slice(0, 10);
}
