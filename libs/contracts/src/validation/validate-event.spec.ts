import { describe, expect, it } from '@jest/globals';
import { aWorkPermitIssuedEvent } from '@hub/testing';
import { ValidationFailedError } from '../errors/validation-failed.error.js';
import { validateEvent } from './validate-event.js';

function issuesOf(input: unknown, prefix = ''): { path: string; rule: string }[] {
  try {
    validateEvent(input, prefix);
  } catch (error) {
    if (error instanceof ValidationFailedError) return error.issues.map(({ path, rule }) => ({ path, rule }));
    throw error;
  }
  return [];
}

describe('validateEvent', () => {
  it('accepts a valid work-permit.issued event and returns its typed payload', () => {
    const { envelope, contract } = validateEvent(aWorkPermitIssuedEvent({ permitNo: '123456789012345678' }));
    expect(contract.topic).toBe('hub.work-permit.events');
    expect((envelope.data as { permitNo: string }).permitNo).toBe('123456789012345678');
  });

  it('accepts names in any script, including CJK beyond the basic plane and Latin with diacritics', () => {
    const event = aWorkPermitIssuedEvent({
      data: { holder: { passportNo: 'E1234567', nationality: 'CHN', birthDate: '1990-01-01', name: '𠮷野 Ñúñez-Çelik' } },
    });
    expect(issuesOf(event)).toEqual([]);
  });

  it('names the path and rule of every broken field', () => {
    const event = aWorkPermitIssuedEvent({
      data: {
        permitNo: '12AB',
        permitClass: 'D',
        validTo: '2025-01-01',
        holder: { passportNo: 'e1', nationality: 'France', birthDate: '1990-02-30', name: 'A\u0007B' },
      },
    });
    expect(issuesOf(event)).toEqual(
      expect.arrayContaining([
        { path: 'data.permitNo', rule: 'matches' },
        { path: 'data.permitClass', rule: 'isInCodeList' },
        { path: 'data.validTo', rule: 'isAfterProperty' },
        { path: 'data.holder.passportNo', rule: 'matches' },
        { path: 'data.holder.nationality', rule: 'isInCodeList' },
        { path: 'data.holder.birthDate', rule: 'isCalendarDate' },
        { path: 'data.holder.name', rule: 'hasNoControlCharacters' },
      ]),
    );
  });

  it('reports missing and ill-typed fields, and fields the contract does not have', () => {
    const event = aWorkPermitIssuedEvent();
    const data = event['data'] as Record<string, unknown>;
    delete data['position'];
    data['points'] = 'seventy';
    data['salary'] = 1;
    expect(issuesOf({ ...event, extra: true })).toEqual(
      expect.arrayContaining([
        { path: 'data.position', rule: 'isString' },
        { path: 'data.points', rule: 'isInt' },
        { path: 'data.salary', rule: 'unknownField' },
        { path: 'extra', rule: 'unknownField' },
      ]),
    );
  });

  it('rejects an unknown event type and an unknown contract version by name', () => {
    expect(issuesOf({ ...aWorkPermitIssuedEvent(), type: 'work-permit.teleported' })).toEqual([{ path: 'type', rule: 'knownEventType' }]);
    expect(issuesOf({ ...aWorkPermitIssuedEvent(), contractversion: 9 })).toEqual([
      { path: 'contractversion', rule: 'knownContractVersion' },
    ]);
  });

  it('rejects a source that is not the publishing agency', () => {
    expect(issuesOf({ ...aWorkPermitIssuedEvent(), source: 'urn:hub:agency:bureau-110000' })).toEqual([
      { path: 'source', rule: 'matchesAgency' },
    ]);
  });

  it('words every issue in Chinese as well as English', () => {
    try {
      validateEvent({ ...aWorkPermitIssuedEvent(), region: '990000' }, 'events[2]');
      throw new Error('expected a validation failure');
    } catch (error) {
      expect((error as ValidationFailedError).issues).toEqual([
        {
          path: 'events[2].region',
          rule: 'isGbT2260Region',
          message: expect.stringContaining('events[2].region must be a GB/T 2260 division code of the region list v1'),
          messageZh: 'events[2].region 必须是区划代码表中的 GB/T 2260 行政区划代码',
        },
      ]);
    }
  });

  it('prefixes paths for events inside a batch', () => {
    expect(issuesOf({ ...aWorkPermitIssuedEvent(), id: 'not-a-uuid' }, 'events[3]')).toEqual([{ path: 'events[3].id', rule: 'isUuid' }]);
  });

  it('rejects input that is not an object', () => {
    expect(issuesOf([1, 2])).toEqual([{ path: '', rule: 'isObject' }]);
    expect(issuesOf('event')).toEqual([{ path: '', rule: 'isObject' }]);
  });
});
