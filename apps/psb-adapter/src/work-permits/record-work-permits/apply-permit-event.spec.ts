import { describe, expect, it } from '@jest/globals';
import { applyPermitEvent, type PermitOutcome } from './apply-permit-event.js';
import type { PermitEvent, PermitRecord } from './permit-event.js';

const holder = { passportNo: 'E12345678', nationality: 'FRA', birthDate: '1988-04-12', name: 'Amélie Durand' };
const facts = {
  subject: 'sub_1',
  correlationId: 'c-1',
  region: '310000',
  permitNo: '310000202611260001',
  holder,
  sourceAgency: 'bureau-310000',
  recordId: 'fwp.permit:1',
  recordVersion: 1,
};

const issued: PermitEvent = {
  ...facts,
  id: 'e-1',
  time: '2026-11-26T09:30:00+08:00',
  type: 'work-permit.issued',
  permitClass: 'B',
  validFrom: '2026-12-01',
  validTo: '2028-11-30',
};

function recordOf(outcome: PermitOutcome): PermitRecord {
  if (outcome.outcome !== 'applied') throw new Error(`expected the event applied, got ${outcome.outcome}`);
  return outcome.record;
}

const valid = recordOf(applyPermitEvent(undefined, issued));

describe('applyPermitEvent', () => {
  it('makes a valid record from work-permit.issued, tracing the event it came from', () => {
    expect(valid).toEqual({
      permitNo: '310000202611260001',
      subjectId: 'sub_1',
      permitClass: 'B',
      status: 'valid',
      statusOn: null,
      statusReason: null,
      holderName: 'Amélie Durand',
      passportNo: 'E12345678',
      nationality: 'FRA',
      birthDate: '1988-04-12',
      validFrom: '2026-12-01',
      validTo: '2028-11-30',
      extendedOn: null,
      changedOn: null,
      region: '310000',
      sourceEventId: 'e-1',
      correlationId: 'c-1',
      eventTime: '2026-11-26T09:30:00+08:00',
      sourceAgency: 'bureau-310000',
      recordId: 'fwp.permit:1',
      recordVersion: 1,
      firstEventTime: '2026-11-26T09:30:00+08:00',
    });
  });

  it('keeps the publisher’s record id, the version of the event applied and the time of the earliest event', () => {
    const extended = recordOf(
      applyPermitEvent(valid, {
        ...facts,
        id: 'e-11',
        time: '2027-02-01T10:00:00+08:00',
        type: 'work-permit.extended',
        extendedOn: '2027-02-01',
        validTo: '2029-11-30',
        recordVersion: 2,
      }),
    );
    expect(extended).toMatchObject({ recordId: 'fwp.permit:1', recordVersion: 2, firstEventTime: '2026-11-26T09:30:00+08:00' });
    const unversioned = recordOf(
      applyPermitEvent(extended, {
        ...facts,
        id: 'e-12',
        time: '2027-03-01T10:00:00+08:00',
        type: 'work-permit.expired',
        endedOn: '2027-03-01',
        reason: null,
        recordId: null,
        recordVersion: null,
      }),
    );
    expect(unversioned).toMatchObject({ recordId: 'fwp.permit:1', recordVersion: 2, firstEventTime: '2026-11-26T09:30:00+08:00' });
  });

  it('moves validTo on an extension and keeps the rest', () => {
    const extended = recordOf(
      applyPermitEvent(valid, {
        ...facts,
        id: 'e-2',
        time: '2028-01-20T10:00:00+08:00',
        type: 'work-permit.extended',
        extendedOn: '2028-01-20',
        validTo: '2030-11-30',
      }),
    );
    expect(extended).toMatchObject({ validTo: '2030-11-30', extendedOn: '2028-01-20', validFrom: '2026-12-01', status: 'valid' });
    expect(extended.sourceEventId).toBe('e-2');
  });

  it('takes the class and the holder from a change, and keeps the class when the change does not name one', () => {
    const newPassport = { ...holder, passportNo: 'F99887766' };
    const changed = {
      ...facts,
      holder: newPassport,
      time: '2027-05-01T08:00:00Z',
      type: 'work-permit.changed' as const,
      effectiveOn: '2027-05-01',
    };
    expect(recordOf(applyPermitEvent(valid, { ...changed, id: 'e-3', permitClass: 'A' }))).toMatchObject({
      permitClass: 'A',
      passportNo: 'F99887766',
      changedOn: '2027-05-01',
    });
    expect(recordOf(applyPermitEvent(valid, { ...changed, id: 'e-4', permitClass: null })).permitClass).toBe('B');
  });

  it('ends the permit with its date and reason on cancellation, revocation or expiry', () => {
    const ended = (type: 'work-permit.cancelled' | 'work-permit.revoked' | 'work-permit.expired', reason: string | null): PermitRecord =>
      recordOf(applyPermitEvent(valid, { ...facts, id: 'e-5', time: '2027-06-01T08:00:00Z', type, endedOn: '2027-06-01', reason }));
    expect(ended('work-permit.cancelled', 'employment-ended')).toMatchObject({
      status: 'cancelled',
      statusOn: '2027-06-01',
      statusReason: 'employment-ended',
      validTo: '2028-11-30',
    });
    expect(ended('work-permit.revoked', 'fraud')).toMatchObject({ status: 'revoked', statusReason: 'fraud' });
    expect(ended('work-permit.expired', null)).toMatchObject({ status: 'expired', statusReason: null });
  });

  it('never lets an older event overwrite a record made from a later one', () => {
    const revoked = recordOf(
      applyPermitEvent(valid, {
        ...facts,
        id: 'e-6',
        time: '2027-06-01T08:00:00Z',
        type: 'work-permit.revoked',
        endedOn: '2027-06-01',
        reason: 'fraud',
      }),
    );
    const late = {
      ...facts,
      id: 'e-7',
      time: '2027-01-01T08:00:00Z',
      type: 'work-permit.extended' as const,
      extendedOn: '2027-01-01',
      validTo: '2031-01-01',
    };
    expect(applyPermitEvent(revoked, late)).toEqual({ outcome: 'older' });
    expect(applyPermitEvent(revoked, { ...issued, id: 'e-8' })).toEqual({ outcome: 'older' });
  });

  it('applies events of the same time in the order they arrive', () => {
    const sameTime = {
      ...facts,
      id: 'e-9',
      time: issued.time,
      type: 'work-permit.revoked' as const,
      endedOn: '2026-11-26',
      reason: 'fraud',
    };
    expect(recordOf(applyPermitEvent(valid, sameTime)).status).toBe('revoked');
  });

  it('leaves a change to a permit without a record unapplied', () => {
    expect(
      applyPermitEvent(undefined, {
        ...facts,
        id: 'e-10',
        time: issued.time,
        type: 'work-permit.expired',
        endedOn: '2028-11-30',
        reason: null,
      }),
    ).toEqual({ outcome: 'unknown-permit' });
  });
});
