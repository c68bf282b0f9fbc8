import { AgencySigner, contractEvent } from '@hub/agency-kit';
import { uuidV5, type SignEventOptions } from '@hub/identity';
import { cancelledData, changedData, expiredData, expiredOnOf, extendedData, issuedData, revokedData } from './permit-event-data.js';
import type { PermitRecord } from './permit-record.js';
import { recordAttributes, type RecordAttributes } from './record-attributes.js';

/**
 * The namespace of permit event ids (RFC 9562 UUID v5). Fixed forever: an event's id is the v5 UUID
 * of agency/record id/version/type, so the same record version always makes the same events and a
 * re-run (an import started again, a snapshot after a crash) is a duplicate at the hub.
 */
export const PERMIT_EVENT_NAMESPACE = '1f0c7a3e-52d4-5b8e-8c61-3a9e7d2b4f60';

/** The work-permit event types (and the contract version of each) a bureau's permits become. */
export const PERMIT_EVENT_VERSIONS = {
  'work-permit.issued': 2,
  'work-permit.changed': 1,
  'work-permit.extended': 1,
  'work-permit.revoked': 1,
  'work-permit.cancelled': 1,
  'work-permit.expired': 1,
} as const;
export type PermitEventType = keyof typeof PERMIT_EVENT_VERSIONS;

/** Who publishes: the bureau's agency id (e.g. bureau-310000). */
export interface PermitEventContext {
  readonly agencyId: string;
}

/** An unsigned CloudEvents envelope of a work-permit event, as signEvent takes it. */
export interface PermitEvent extends RecordAttributes {
  readonly specversion: '1.0';
  readonly id: string;
  readonly type: PermitEventType;
  readonly source: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly agency: string;
  readonly region: string;
  readonly contractversion: number;
  readonly data: object;
}

/** What changed, in the terms of the work-permit-change-kind code list. */
export function changeKindsOf(record: PermitRecord, previous: PermitRecord): string[] {
  const kinds: string[] = [];
  if (record.employer.creditCode !== previous.employer.creditCode) kinds.push('employer');
  else if (record.employer.name !== previous.employer.name) kinds.push('employer-name');
  if (record.occupation.title !== previous.occupation.title) kinds.push('position');
  if (record.permitClass !== previous.permitClass) kinds.push('permit-class');
  if (record.holder.passportNo !== previous.holder.passportNo) kinds.push('passport');
  return kinds;
}

/**
 * The contract events `record` stands for, in the order they happened. Without `previous` (a first
 * sight: a bulk import or a snapshot), the permit as issued with its current content, followed by
 * its end when it was revoked, cancelled or has expired. With `previous` (the version before), what
 * changed between the two: a change, an extension, an end; nothing for a version that alters no
 * field an event carries, or one not newer than `previous`.
 *
 * Ids are deterministic (see PERMIT_EVENT_NAMESPACE); `time` is the fact's day at 00:00 China time,
 * so the same record version gives byte-identical events. The events are not validated here: pass
 * them to validateEvent, which names any field the record lacks (`data.revokedOn` …).
 */
export function permitEvents(record: PermitRecord, previous: PermitRecord | undefined, ctx: PermitEventContext): PermitEvent[] {
  if (previous && record.version <= previous.version) return [];
  const facts = previous ? changesSince(record, previous) : [issuedFact(record)];
  if (previous?.status !== record.status) facts.push(...endOf(record));
  return facts.map(([type, day, data]) => envelopeOf(record, type, day, data, ctx));
}

/** Signs each event with the bureau's key (the agency kit's signer). */
export function signPermitEvents(events: readonly PermitEvent[], key: SignEventOptions): (PermitEvent & { signature: string })[] {
  return events.map((event) => new AgencySigner(event.agency, key).sign(event));
}

/** The id of the event of `type` for this version of the record. */
export function permitEventId(agencyId: string, record: Pick<PermitRecord, 'recordId' | 'version'>, type: PermitEventType): string {
  return uuidV5(`${agencyId}/${record.recordId}/${record.version}/${type}`, PERMIT_EVENT_NAMESPACE);
}

/** A fact: the event type, the day it happened, its data. */
type Fact = [PermitEventType, string, object];

function issuedFact(record: PermitRecord): Fact {
  return ['work-permit.issued', record.issuedOn, issuedData(record)];
}

function changesSince(record: PermitRecord, previous: PermitRecord): Fact[] {
  const facts: Fact[] = [];
  const kinds = changeKindsOf(record, previous);
  const changedOn = record.statusOn ?? record.issuedOn;
  if (kinds.length > 0) facts.push(['work-permit.changed', changedOn, changedData(record, previous, kinds, changedOn)]);
  if (record.validUntil > previous.validUntil) {
    const extendedOn = minDate(record.statusOn ?? previous.validUntil, previous.validUntil);
    facts.push(['work-permit.extended', extendedOn, extendedData(record, previous.validUntil, extendedOn)]);
  }
  return facts;
}

function endOf(record: PermitRecord): Fact[] {
  switch (record.status) {
    case 'revoked':
      return [['work-permit.revoked', record.statusOn ?? record.issuedOn, revokedData(record)]];
    case 'cancelled':
      return [['work-permit.cancelled', record.statusOn ?? record.issuedOn, cancelledData(record)]];
    case 'expired':
      return [['work-permit.expired', expiredOnOf(record), expiredData(record)]];
    case 'issued':
    case 'changed':
      return [];
  }
}

function envelopeOf(record: PermitRecord, type: PermitEventType, day: string, data: object, ctx: PermitEventContext): PermitEvent {
  const { recordid, recordversion } = recordAttributes(record);
  return contractEvent(ctx.agencyId, {
    id: permitEventId(ctx.agencyId, record, type),
    type,
    time: `${day}T00:00:00+08:00`,
    region: record.workRegion,
    contractVersion: PERMIT_EVENT_VERSIONS[type],
    record: { id: recordid, version: recordversion },
    data,
  }) as PermitEvent;
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
