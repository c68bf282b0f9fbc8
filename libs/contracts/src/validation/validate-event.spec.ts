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

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the member name %s anywhere, with its path, and never throws', (name) => {
    const event = aWorkPermitIssuedEvent();
    const withMember = (target: Record<string, unknown>): void => {
      Object.defineProperty(target, name, { value: null, enumerable: true, configurable: true, writable: true });
    };
    const top = { ...event };
    withMember(top);
    expect(issuesOf(top)).toEqual([{ path: name, rule: 'allowedMemberName' }]);
    const inData = JSON.parse(JSON.stringify(event)) as { data: { holder: Record<string, unknown> } };
    withMember(inData.data.holder);
    expect(issuesOf(inData, 'events[2]')).toEqual([{ path: `events[2].data.holder.${name}`, rule: 'allowedMemberName' }]);
  });

  it('answers an event with 150,000 unknown members with one issue, and caps any list of issues', () => {
    const huge: Record<string, unknown> = { ...aWorkPermitIssuedEvent() };
    for (let i = 0; i < 150_000; i += 1) huge[`x${i}`] = i;
    expect(issuesOf(huge)).toEqual([{ path: '', rule: 'maxMembers' }]);
    const many = aWorkPermitIssuedEvent();
    const data = many['data'] as Record<string, unknown>;
    for (let i = 0; i < 90; i += 1) data[`y${i}`] = i;
    for (let i = 0; i < 90; i += 1) many[`z${i}`] = i;
    try {
      validateEvent(many);
      throw new Error('accepted');
    } catch (error) {
      expect((error as ValidationFailedError).issues).toHaveLength(100);
      expect((error as ValidationFailedError).totalIssues).toBeGreaterThan(100);
    }
  });

  it.each([
    ['dataschema', '\u0000'],
    ['dataschema', ''],
    ['dataschema', 'NaN'],
    ['dataschema', 'https://hub.example.cn/a b'],
    ['signature', 'abc\u0000'],
  ])('refuses %s %j (CloudEvents wants a URI; no database stores NUL)', (field, value) => {
    const event = { ...aWorkPermitIssuedEvent(), [field]: value };
    expect(issuesOf(event).map((issue) => issue.path)).toContain(field);
  });

  it('refuses NUL, other control characters and lone surrogates in any string, naming the field', () => {
    const event = aWorkPermitIssuedEvent({ data: { position: 'engineer\u0000' } });
    expect(issuesOf(event)).toContainEqual({ path: 'data.position', rule: 'hasNoControlCharacters' });
    const lone = aWorkPermitIssuedEvent({ data: { position: 'engineer\ud800' } });
    expect(issuesOf(lone)).toContainEqual({ path: 'data.position', rule: 'isWellFormedUnicode' });
  });

  it.each([' ', '\u00a0', '\u200b\u200c\u200d', '\u202e\u2066\u2069', '\u2028', '\u2029 \ufeff', '\u3000'])(
    'refuses a name with nothing visible (%j)',
    (name) => {
      const event = aWorkPermitIssuedEvent({
        data: { holder: { passportNo: 'E1234567', nationality: 'CHN', birthDate: '1990-01-01', name } },
      });
      expect(issuesOf(event).map((issue) => `${issue.path} ${issue.rule}`)).toContain('data.holder.name hasVisibleCharacters');
    },
  );

  it("counts a name's length in characters, not UTF-16 units", () => {
    const holder = { passportNo: 'E1234567', nationality: 'CHN', birthDate: '1990-01-01' };
    expect(issuesOf(aWorkPermitIssuedEvent({ data: { holder: { ...holder, name: '𠮷'.repeat(200) } } }))).toEqual([]);
    expect(issuesOf(aWorkPermitIssuedEvent({ data: { holder: { ...holder, name: '𠮷'.repeat(201) } } }))).toEqual([
      { path: 'data.holder.name', rule: 'maxLength' },
    ]);
  });
});
