import { RecordReader, type ReadEvent } from '@hub/agency-kit';
import { BUREAU_INBOUND_EVENT_TYPES, type BureauInboundType } from '../bureau-subscription.js';
import type { CaseChange, CreditChange, InboundEvent, InboundHolder, ResidenceChange, VisaChange } from './inbound-event.js';

const REGION = /^\d{6}$/;
const NATIONALITY = /^[A-Z]{3}$/;
const PASSPORT_NO = /^[A-Z0-9]{5,17}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads what the bureau keeps from a delivered event: the envelope's id, subject, time, region and
 * sending agency, and per domain the fields its tables hold (residence status, visa, credit record,
 * linkage case). Each stored field is checked by path and rule; the rest of the event is not.
 */
export function readInboundEvent(json: unknown): ReadEvent<InboundEvent> {
  const reader = new RecordReader(json);
  const type = reader.text('type', 100);
  if (reader.issues.length > 0) return { kind: 'invalid', issues: reader.issues };
  const read = BUREAU_INBOUND_EVENT_TYPES.find((entry) => entry.type === type);
  if (!read) return { kind: 'ignored', type };
  const version = reader.at('contractversion');
  if (version !== read.version) return { kind: 'unsupported-version', type, version, expected: read.version };
  const subject = reader.at('subject');
  const facts = {
    id: reader.uuid('id'),
    subject: subject === undefined ? null : reader.text('subject', 200),
    time: reader.dateTime('time'),
    region: reader.matching('region', REGION),
    agency: reader.text('agency', 100),
    correlationId: reader.text('correlationid', 200),
    type: read.type,
  };
  const event = { ...facts, ...readDomain(reader, read.type) } as InboundEvent;
  return reader.issues.length > 0 ? { kind: 'invalid', issues: reader.issues } : { kind: 'event', event };
}

function readDomain(reader: RecordReader, type: BureauInboundType): Pick<InboundEvent, 'domain' | 'change'> {
  switch (type) {
    case 'residence-permit.issued':
    case 'residence-permit.renewed':
    case 'residence-permit.shortened':
    case 'residence-permit.cancelled':
      return { domain: 'residence', change: readResidence(reader, type) };
    case 'visa.issued':
    case 'visa.refused':
    case 'visa.cancelled':
      return { domain: 'visa', change: readVisa(reader, type) };
    case 'credit.violation-recorded':
    case 'credit.record-cleared':
    case 'credit.commitment-breached':
      return { domain: 'credit', change: readCredit(reader, type) };
    case 'linkage.review-required':
    case 'linkage.inconsistency-detected':
    case 'linkage.deadline-overdue':
    case 'linkage.case-resolved':
      return { domain: 'case', change: reader.at('data.case') === undefined ? null : readCase(reader) };
  }
}

function readHolder(reader: RecordReader): InboundHolder {
  return {
    passportNo: reader.matching('data.holder.passportNo', PASSPORT_NO),
    nationality: reader.matching('data.holder.nationality', NATIONALITY),
    name: reader.text('data.holder.name', 200),
  };
}

function optionalText(reader: RecordReader, path: string, maxLength = 100): string | null {
  return reader.at(path) === undefined ? null : reader.text(path, maxLength);
}

function optionalDate(reader: RecordReader, path: string): string | null {
  return reader.at(path) === undefined ? null : reader.date(path);
}

function readResidence(
  reader: RecordReader,
  type: `residence-permit.${'issued' | 'renewed' | 'shortened' | 'cancelled'}`,
): ResidenceChange {
  const common = {
    permitNo: reader.text('data.permitNo', 40),
    holder: readHolder(reader),
    workPermitNo: optionalText(reader, 'data.workPermitNo', 40),
  };
  switch (type) {
    case 'residence-permit.issued':
      return {
        ...common,
        status: 'valid',
        action: 'issued',
        actionOn: reader.date('data.issuedOn'),
        validTo: reader.date('data.validTo'),
        reason: null,
        previousPermitNo: null,
      };
    case 'residence-permit.renewed':
      return {
        ...common,
        status: 'valid',
        action: 'renewed',
        actionOn: reader.date('data.renewedOn'),
        validTo: reader.date('data.validTo'),
        reason: null,
        previousPermitNo: optionalText(reader, 'data.previousPermitNo', 40),
      };
    case 'residence-permit.shortened':
      return {
        ...common,
        status: 'valid',
        action: 'shortened',
        actionOn: reader.date('data.shortenedOn'),
        validTo: reader.date('data.validTo'),
        reason: reader.text('data.reason', 100),
        previousPermitNo: null,
      };
    case 'residence-permit.cancelled':
      return {
        ...common,
        status: 'cancelled',
        action: 'cancelled',
        actionOn: reader.date('data.cancelledOn'),
        validTo: null,
        reason: reader.text('data.reason', 100),
        previousPermitNo: null,
      };
  }
}

function readVisa(reader: RecordReader, type: `visa.${'issued' | 'refused' | 'cancelled'}`): VisaChange {
  const holder = readHolder(reader);
  const category = optionalText(reader, 'data.category', 10);
  switch (type) {
    case 'visa.issued':
      return {
        visaNo: reader.text('data.visaNo', 40),
        holder,
        status: 'issued',
        category,
        statusOn: reader.date('data.issuedOn'),
        validTo: reader.date('data.validTo'),
        reason: null,
      };
    case 'visa.refused':
      return {
        visaNo: null,
        holder,
        status: 'refused',
        category,
        statusOn: reader.date('data.refusedOn'),
        validTo: null,
        reason: optionalText(reader, 'data.reasonCode'),
      };
    case 'visa.cancelled':
      return {
        visaNo: reader.text('data.visaNo', 40),
        holder,
        status: 'cancelled',
        category,
        statusOn: reader.date('data.cancelledOn'),
        validTo: null,
        reason: optionalText(reader, 'data.reason'),
      };
  }
}

function readCredit(reader: RecordReader, type: `credit.${'violation-recorded' | 'record-cleared' | 'commitment-breached'}`): CreditChange {
  const recordNo = reader.text('data.recordNo', 60);
  const holder = reader.at('data.holder') === undefined ? null : readHolder(reader);
  switch (type) {
    case 'credit.violation-recorded':
      return { recordNo, holder, status: 'recorded', kind: optionalText(reader, 'data.kind'), statusOn: reader.date('data.recordedOn') };
    case 'credit.commitment-breached':
      return { recordNo, holder, status: 'recorded', kind: 'breached-commitment', statusOn: reader.date('data.breachedOn') };
    case 'credit.record-cleared':
      return { recordNo, holder, status: 'cleared', kind: null, statusOn: reader.date('data.clearedOn') };
  }
}

function readCase(reader: RecordReader): CaseChange {
  return {
    caseId: reader.matching('data.case.caseId', UUID),
    kind: reader.text('data.case.kind', 100),
    ownerAgency: reader.text('data.case.ownerAgency', 100),
    state: reader.text('data.case.state', 40),
    ruleId: reader.text('data.ruleId', 100),
    decisionKey: reader.text('data.decisionKey', 500),
    openedOn: optionalDate(reader, 'data.case.openedOn'),
    dueDate: optionalDate(reader, 'data.case.dueDate'),
    explanationZh: reader.text('data.explanation.zh', 2000),
    explanationEn: reader.text('data.explanation.en', 2000),
    resolution: reader.at('data.case.resolution') ?? null,
  };
}
