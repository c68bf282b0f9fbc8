import { describe, expect, it } from '@jest/globals';
import { validateEvent } from '@hub/contracts';
import { aWorkPermitIssuedEvent } from '@hub/testing';
import { subjectIdKey } from '../../subjects/index.js';
import { recordOf, type RecordRef } from './record-identity.js';

const key = subjectIdKey('unit-test-subject-key-0123456789abcdef');

function envelopeOf(region: string, permitNo: string, extra: Record<string, unknown> = { recordid: 'row-1', recordversion: 2 }) {
  const holder = { passportNo: 'E12345678', nationality: 'FRA', birthDate: '1988-04-12', name: 'Amélie Durand' };
  return validateEvent({ ...aWorkPermitIssuedEvent({ region, permitNo, data: { holder } }), ...extra }).envelope;
}

describe('recordOf', () => {
  it('keys a work permit by its permit number, so two bureaus meet on one permit, and keeps the number only hashed', () => {
    const shanghai = recordOf(envelopeOf('310000', '123456789012345678'), key) as RecordRef;
    const beijing = recordOf(envelopeOf('110000', '123456789012345678', { recordid: 'bj-9', recordversion: 1 }), key) as RecordRef;
    expect(shanghai).toMatchObject({ kind: 'work-permit', recordId: 'row-1', version: 2, path: 'recordversion' });
    expect(shanghai.key).toMatch(/^rec_[0-9a-f]{32}$/);
    expect(beijing.key).toBe(shanghai.key);
    expect(JSON.stringify(shanghai)).not.toContain('123456789012345678');
    expect(recordOf(envelopeOf('310000', '123456789012345679'), key)).not.toMatchObject({ key: shanghai.key });
  });

  it('hashes type and data only: the same change sent again under a new id and time has the same data hash', () => {
    const first = recordOf(envelopeOf('310000', '123456789012345678'), key) as RecordRef;
    const again = recordOf(envelopeOf('310000', '123456789012345678'), key) as RecordRef;
    expect(again.dataHash).toBe(first.dataHash);
  });

  it('shows raw identifiers masked in the fields an operator sees', () => {
    const record = recordOf(envelopeOf('310000', '123456789012345678'), key) as RecordRef;
    expect(record.fields['position']?.v).toBe('Senior software engineer');
    expect(String(record.fields['holder.passportNo']?.v)).not.toMatch(/^E\d{8}$/);
  });

  it('leaves an event without recordversion unversioned, and asks for recordid with recordversion', () => {
    expect(recordOf(envelopeOf('310000', '123456789012345678', {}), key)).toBeUndefined();
    expect(recordOf(envelopeOf('310000', '123456789012345678', { recordversion: 1 }), key, 'events[2]')).toEqual({
      path: 'recordid',
      rule: 'isDefined',
      message: expect.stringContaining('recordid is required') as unknown,
    });
    expect(recordOf(envelopeOf('310000', '123456789012345678'), key, 'events[2]')).toMatchObject({ path: 'events[2].recordversion' });
  });
});
