import { RecordReader, type ReadEvent } from '@hub/agency-kit';
import { PERMIT_CLASSES, WORK_PERMIT_NO_FORMAT } from '@hub/contracts';
import { RECORDED_EVENT_TYPES, type RecordedEventType } from '../work-permit-subscription.js';
import type { Holder, PermitEvent } from './permit-event.js';

const PASSPORT_NO = /^[A-Z0-9]{5,17}$/;
const NATIONALITY = /^[A-Z]{3}$/;
const REGION = /^\d{6}$/;
const AGENCY_ID = /^[a-z]{2,20}(-\d{6})?$/;
const RECORD_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Reads what public security records from a projected event: the envelope's id, subject, time,
 * correlation id and region, and per type the data fields the adapter uses. The record is the hub's
 * projection (no signature, no employer or position), so the full contract is not checked; what
 * the adapter stores is, field by field.
 */
export function readPermitEvent(json: unknown): ReadEvent<PermitEvent> {
  const reader = new RecordReader(json);
  const type = reader.text('type', 100);
  if (reader.issues.length > 0) return { kind: 'invalid', issues: reader.issues };
  const recorded = RECORDED_EVENT_TYPES.find((entry) => entry.type === type);
  if (!recorded) return { kind: 'ignored', type };
  const version = reader.at('contractversion');
  if (version !== recorded.version) return { kind: 'unsupported-version', type, version, expected: recorded.version };
  const facts = {
    id: reader.uuid('id'),
    subject: reader.text('subject', 200),
    time: reader.dateTime('time'),
    correlationId: reader.text('correlationid', 200),
    region: reader.matching('region', REGION),
    permitNo: reader.matching('data.permitNo', WORK_PERMIT_NO_FORMAT),
    holder: readHolder(reader),
    sourceAgency: reader.at('agency') === undefined ? null : reader.matching('agency', AGENCY_ID),
    ...readRecordVersion(reader),
  };
  const event = { ...facts, ...readTypeFields(reader, recorded.type) } as PermitEvent;
  return reader.issues.length > 0 ? { kind: 'invalid', issues: reader.issues } : { kind: 'event', event };
}

/** The publisher's record id and version (both optional in the envelope; a version only with an id). */
function readRecordVersion(reader: RecordReader): { recordId: string | null; recordVersion: number | null } {
  if (reader.at('recordid') === undefined) return { recordId: null, recordVersion: null };
  const recordId = reader.matching('recordid', RECORD_ID);
  const version = reader.at('recordversion');
  if (version === undefined) return { recordId, recordVersion: null };
  if (typeof version === 'number' && Number.isSafeInteger(version) && version >= 1) return { recordId, recordVersion: version };
  reader.issues.push({ path: 'recordversion', rule: 'isInt min 1' });
  return { recordId, recordVersion: null };
}

function readHolder(reader: RecordReader): Holder {
  return {
    passportNo: reader.matching('data.holder.passportNo', PASSPORT_NO),
    nationality: reader.matching('data.holder.nationality', NATIONALITY),
    birthDate: reader.date('data.holder.birthDate'),
    name: reader.text('data.holder.name', 200),
  };
}

function readTypeFields(reader: RecordReader, type: RecordedEventType): Partial<PermitEvent> {
  switch (type) {
    case 'work-permit.issued':
      return {
        type,
        permitClass: reader.oneOf('data.permitClass', PERMIT_CLASSES),
        validFrom: reader.date('data.validFrom'),
        validTo: reader.date('data.validTo'),
      };
    case 'work-permit.extended':
      return { type, extendedOn: reader.date('data.extendedOn'), validTo: reader.date('data.validTo') };
    case 'work-permit.changed':
      return {
        type,
        effectiveOn: reader.date('data.effectiveOn'),
        permitClass: reader.at('data.permitClass') === undefined ? null : reader.oneOf('data.permitClass', PERMIT_CLASSES),
      };
    case 'work-permit.cancelled':
      return { type, endedOn: reader.date('data.cancelledOn'), reason: reader.text('data.reason', 100) };
    case 'work-permit.revoked':
      return { type, endedOn: reader.date('data.revokedOn'), reason: reader.text('data.reason', 100) };
    case 'work-permit.expired':
      return { type, endedOn: reader.date('data.expiredOn'), reason: null };
  }
}
