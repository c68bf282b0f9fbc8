import { describe, expect, it } from '@jest/globals';
import { INBOUND_HEADERS } from '@hub/contracts';
import type { KafkaBatchMessage } from '@hub/messaging';
import { parseRecord, type ParsedRecord } from './parse-record.js';

const subscriptionId = '6f1d3b1e-5a0c-4c43-9d0e-2f4b7f4a9c11';
const holder = { passportNo: 'E12345678', nationality: 'FRA', birthDate: '1988-04-12', name: 'Amélie Durand' };
const envelope = {
  specversion: '1.0',
  id: '0b5a2c33-7d0e-4f55-9a51-3c1e0f2b9d47',
  source: 'urn:hub:agency:bureau-310000',
  agency: 'bureau-310000',
  region: '310000',
  subject: 'sub_0123456789abcdef0123456789abcdef',
  time: '2026-11-26T09:30:00+08:00',
  contractversion: 1,
  correlationid: 'sh-2026-000123',
};
const issued = {
  ...envelope,
  type: 'work-permit.issued',
  data: { permitNo: '310000202611260001', permitClass: 'B', holder, validFrom: '2026-12-01', validTo: '2028-11-30' },
};
const live = { [INBOUND_HEADERS.subscriptionId]: subscriptionId, [INBOUND_HEADERS.sequence]: '42' };

function message(value: unknown, headers: Record<string, string> = live): KafkaBatchMessage {
  return {
    key: envelope.subject,
    value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    headers,
    offset: '7',
    timestamp: '0',
  };
}

function problem(record: ParsedRecord): { code: string; reason: string } {
  if (record.kind !== 'invalid') throw new Error(`expected a dead letter, got ${record.kind}`);
  return { code: record.code, reason: record.reason };
}

describe('parseRecord', () => {
  it('reads a projected work-permit.issued with its delivery', () => {
    const parsed = parseRecord(message(issued));
    expect(parsed).toMatchObject({
      kind: 'event',
      delivery: { subscriptionId, sequence: 42, replayId: null },
      event: {
        id: envelope.id,
        type: 'work-permit.issued',
        subject: envelope.subject,
        correlationId: 'sh-2026-000123',
        permitNo: '310000202611260001',
        permitClass: 'B',
        holder,
        validTo: '2028-11-30',
      },
    });
  });

  it('reads each status-changing type with the fields it records', () => {
    const read = (type: string, data: object): ParsedRecord =>
      parseRecord(message({ ...envelope, type, data: { permitNo: '310000202611260001', holder, ...data } }));
    expect(read('work-permit.extended', { extendedOn: '2028-01-20', previousValidTo: '2028-02-29', validTo: '2030-02-28' })).toMatchObject({
      event: { type: 'work-permit.extended', extendedOn: '2028-01-20', validTo: '2030-02-28' },
    });
    expect(read('work-permit.changed', { effectiveOn: '2027-05-01', changeKinds: ['position'] })).toMatchObject({
      event: { type: 'work-permit.changed', effectiveOn: '2027-05-01', permitClass: null },
    });
    expect(read('work-permit.revoked', { revokedOn: '2027-06-01', reason: 'fraud' })).toMatchObject({
      event: { type: 'work-permit.revoked', endedOn: '2027-06-01', reason: 'fraud' },
    });
    expect(read('work-permit.expired', { expiredOn: '2028-11-30' })).toMatchObject({
      event: { type: 'work-permit.expired', endedOn: '2028-11-30', reason: null },
    });
  });

  it('takes a replay with or without the original sequence number', () => {
    const replay = {
      [INBOUND_HEADERS.subscriptionId]: subscriptionId,
      [INBOUND_HEADERS.replayId]: envelope.id,
      [INBOUND_HEADERS.replaySequence]: '3',
    };
    expect(parseRecord(message(issued, replay))).toMatchObject({ delivery: { sequence: null, replayId: envelope.id } });
    expect(parseRecord(message(issued, { ...replay, [INBOUND_HEADERS.sequence]: '9' }))).toMatchObject({ delivery: { sequence: 9 } });
  });

  it('leaves types it does not record to others', () => {
    expect(parseRecord(message({ ...issued, type: 'visa.issued' }))).toMatchObject({ kind: 'ignored', type: 'visa.issued' });
  });

  it('dead-letters a record lacking what it records, naming each field path and rule', () => {
    const broken = {
      ...issued,
      time: 'yesterday',
      data: { ...issued.data, permitNo: '12AB', permitClass: 'Z', holder: { ...holder, birthDate: '1990-02-30' } },
    };
    const { code, reason } = problem(parseRecord(message(broken)));
    expect(code).toBe('INVALID_RECORD');
    for (const issue of [
      'time (isRfc3339)',
      'data.permitNo (matches /^\\d{18}$/)',
      'data.permitClass (isIn [A, B, C])',
      'data.holder.birthDate (isCalendarDate)',
    ])
      expect(reason).toContain(issue);
    const withoutData = problem(
      parseRecord(message({ ...envelope, type: 'work-permit.cancelled', data: { permitNo: '310000202611260001' } })),
    );
    expect(withoutData.reason).toContain('data.holder.passportNo (isString)');
    expect(withoutData.reason).toContain('data.cancelledOn (isCalendarDate)');
    expect(withoutData.reason).toContain('data.reason (isString)');
  });

  it('dead-letters a contract version it does not read, saying which to subscribe to', () => {
    expect(problem(parseRecord(message({ ...issued, contractversion: 2 })))).toEqual({
      code: 'UNSUPPORTED_CONTRACT_VERSION',
      reason: expect.stringContaining('Name version 1 for work-permit.issued in the subscription') as unknown,
    });
  });

  it('dead-letters what is not a delivery of the hub, keeping the sequence when the headers were readable', () => {
    expect(problem(parseRecord(message(issued, {}))).reason).toContain(
      'headers.hub-subscription-id (isUuid), headers.hub-sequence (isString)',
    );
    expect(problem(parseRecord(message(issued, { ...live, [INBOUND_HEADERS.sequence]: '0' }))).reason).toContain(
      'headers.hub-sequence (matches',
    );
    const notJson = parseRecord(message('{"this is": not json'));
    expect(notJson).toMatchObject({ kind: 'invalid', code: 'MALFORMED_JSON', delivery: { subscriptionId, sequence: 42 } });
  });
});
