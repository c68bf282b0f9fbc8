import { describe, expect, it } from '@jest/globals';
import { firstInvalidUtf8Offset, memberNameIssue, parseStrictJson } from './strict-json.js';

const parse = (text: string | Buffer) => parseStrictJson(typeof text === 'string' ? Buffer.from(text) : text);

describe('parseStrictJson', () => {
  it('reads valid JSON of any kind', () => {
    expect(parse('{"a":[1,{"b":"c"}],"d":"\\u00e9"}')).toEqual({ value: { a: [1, { b: 'c' }], d: 'é' } });
    expect(parse('"x"')).toEqual({ value: 'x' });
  });

  it('refuses invalid UTF-8, UTF-16 and a byte order mark instead of reading replacement characters', () => {
    expect(parse(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))).toMatchObject({ problem: { kind: 'utf8' } });
    expect(parse(Buffer.from('{"a":"é"}', 'utf16le'))).toMatchObject({ problem: { kind: 'utf8' } });
    expect(parse(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{}', 'utf16le')]))).toMatchObject({ problem: { kind: 'utf8' } });
    expect(parse(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]))).toMatchObject({ problem: { kind: 'utf8' } });
  });

  it('says at which byte the UTF-8 breaks', () => {
    const problem = parse(Buffer.concat([Buffer.from('{"name":"Am'), Buffer.from([0xe9]), Buffer.from('lie"}')]));
    expect(problem).toMatchObject({ problem: { kind: 'utf8', message: expect.stringContaining('at byte 11') as unknown } });
    expect(firstInvalidUtf8Offset(Buffer.from('名𠮷é'))).toBe(9);
    expect(firstInvalidUtf8Offset(Buffer.from([0x61, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8Offset(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8Offset(Buffer.from([0x61, 0xe4, 0xb8]))).toBe(1);
  });

  it('refuses malformed JSON', () => {
    expect(parse('{"a":')).toMatchObject({ problem: { kind: 'syntax' } });
  });
});

describe('memberNameIssue', () => {
  it('finds a duplicate member name with its path, however it is escaped', () => {
    expect(memberNameIssue('{"data":{"permitNo":"X","permitNo":"Y"}}')).toMatchObject({
      path: 'data.permitNo',
      rule: 'uniqueMemberName',
    });
    expect(memberNameIssue('{"events":[{},{"a":1,"\\u0061":2}]}')).toMatchObject({ path: 'events[1].a', rule: 'uniqueMemberName' });
  });

  it('allows the same name in different objects', () => {
    expect(memberNameIssue('{"a":{"x":1},"b":{"x":1},"c":[{"x":1},{"x":2}]}')).toBeUndefined();
  });

  it.each(['__proto__', 'constructor', 'prototype', '\\u005f_proto__'])('refuses the member name %s at any depth', (name) => {
    expect(memberNameIssue(`{"${name}":null}`)).toMatchObject({ rule: 'allowedMemberName' });
    expect(memberNameIssue(`{"data":{"holder":{"${name}":1}}}`)).toMatchObject({
      path: expect.stringMatching(/^data\.holder\./),
      rule: 'allowedMemberName',
    });
    expect(memberNameIssue(`{"events":[{"a":[1,{"${name}":{}}]}]}`)).toMatchObject({
      path: expect.stringMatching(/^events\[0\]\.a\[1\]\./),
    });
  });

  it('does not take strings that are values, or quotes inside strings, for member names', () => {
    expect(memberNameIssue('{"a":"__proto__","b":["constructor"],"c":"x\\"y","d":"\\\\"}')).toBeUndefined();
  });

  it('reads deep and long texts without recursion', () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    expect(memberNameIssue(deep)).toBeUndefined();
    const wide = `{${Array.from({ length: 150_000 }, (_, i) => `"k${i}":1`).join(',')},"k7":2}`;
    expect(memberNameIssue(wide)).toMatchObject({ path: 'k7', rule: 'uniqueMemberName' });
  });
});
