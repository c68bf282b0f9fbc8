import { describe, expect, it } from '@jest/globals';
import {
  auditDigest,
  auditRowHash,
  auditTime,
  canonicalDetailJson,
  encodeAuditRow,
  GENESIS_HASH,
  isHashAlgorithmAvailable,
  type AuditDetailValue,
} from './canonical-encoding.js';

const row = {
  seq: 42,
  at: '2026-01-31T08:15:00.123456Z',
  actor: 'agency:bureau-310000',
  action: 'event.published',
  purpose: 'permit-sharing',
  eventId: 'B3E1C7A2-5F0D-4C1E-9A7B-0D2E3F4A5B6C',
  detail: canonicalDetailJson({ type: 'work-permit.issued', contractVersion: 1, region: '310000', note: 'é\n"x"' }),
};

describe('canonical row encoding', () => {
  it('is one line per field: tag, seq, UTC time, JSON-quoted codes, lower-case event id, detail', () => {
    expect(encodeAuditRow(row).toString('utf8')).toBe(
      [
        'hub-audit/1',
        '42',
        '2026-01-31T08:15:00.123456Z',
        '"agency:bureau-310000"',
        '"event.published"',
        '"permit-sharing"',
        'b3e1c7a2-5f0d-4c1e-9a7b-0d2e3f4a5b6c',
        '{"note": "é\\n\\"x\\"", "type": "work-permit.issued", "region": "310000", "contractVersion": 1}',
      ].join('\n'),
    );
  });

  // Reference values computed by PostgreSQL itself (hub_audit_digest ∘ hub_audit_encode from the migration).
  it('hashes to what the database trigger computes', () => {
    expect(auditRowHash('sha256', Buffer.alloc(32, 0xab), row).toString('hex')).toBe(
      'c4588183f8091df203caff78d0eaef01fa884ab3e0917fc1d17ab04be2579e87',
    );
    const first = {
      seq: 1,
      at: '2026-01-31T08:15:00.000000Z',
      actor: 'admin:ops@example.gov',
      action: 'policy.changed',
      purpose: 'law:data-security-law-30',
      eventId: null,
      detail: '{}',
    };
    expect(encodeAuditRow(first).toString('utf8')).toContain('"law:data-security-law-30"\n\n{}');
    expect(auditRowHash('sha256', GENESIS_HASH, first).toString('hex')).toBe(
      '55159f823184cd3e18d6a99ee06e0b03ff50a40149efed3427426e2fd9820043',
    );
  });

  it('changes with every field, and with the previous hash', () => {
    const base = auditRowHash('sha256', GENESIS_HASH, row);
    for (const change of [
      { seq: 43 },
      { at: '2026-01-31T08:15:00.123457Z' },
      { actor: 'agency:psb' },
      { purpose: 'other' },
      { eventId: null },
    ]) {
      expect(auditRowHash('sha256', GENESIS_HASH, { ...row, ...change })).not.toEqual(base);
    }
    expect(auditRowHash('sha256', Buffer.alloc(32, 1), row)).not.toEqual(base);
  });

  it('refuses times outside the fixed format and non-positive seqs', () => {
    expect(() => encodeAuditRow({ ...row, at: '2026-01-31T08:15:00.123Z' })).toThrow(/audit time/);
    expect(() => encodeAuditRow({ ...row, seq: 0 })).toThrow(/positive integer/);
  });

  it('renders JavaScript times with microseconds', () => {
    expect(auditTime(new Date('2026-01-31T08:15:00.123Z'))).toBe('2026-01-31T08:15:00.123000Z');
  });

  it.each([['sha256'], ['sm3']] as const)('knows whether %s is available', (algorithm) => {
    expect(typeof isHashAlgorithmAvailable(algorithm)).toBe('boolean');
  });

  it('computes SM3 when OpenSSL has it (GB/T 32905 test vector "abc")', () => {
    if (!isHashAlgorithmAvailable('sm3')) return;
    expect(auditDigest('sm3', Buffer.from('abc')).toString('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
});

describe('canonical detail JSON (PostgreSQL jsonb text form)', () => {
  it('orders keys by UTF-8 length, then bytewise, with jsonb spacing', () => {
    expect(canonicalDetailJson({ b: 1, aa: [1, 2, { z: null }], a: 'x', é: true, ab: false })).toBe(
      '{"a": "x", "b": 1, "aa": [1, 2, {"z": null}], "ab": false, "é": true}',
    );
  });

  it('escapes strings as PostgreSQL does', () => {
    expect(canonicalDetailJson({ s: 'a"b\\c\n\t\u0001\u001f/é中' })).toBe('{"s": "a\\"b\\\\c\\n\\t\\u0001\\u001f/é中"}');
  });

  it('gives the same text whatever order the keys came in', () => {
    expect(canonicalDetailJson({ x: 1, y: { q: 2, p: 3 } })).toBe(canonicalDetailJson({ y: { p: 3, q: 2 }, x: 1 }));
  });

  it('writes empty containers and negative zero as jsonb does', () => {
    expect(canonicalDetailJson({ o: {}, a: [], z: -0 })).toBe('{"a": [], "o": {}, "z": 0}');
  });

  it.each<[AuditDetailValue, RegExp]>([
    [{ n: 1.5 }, /safe integers/],
    [{ n: 2 ** 53 }, /safe integers/],
    [{ n: Number.NaN }, /safe integers/],
    [{ u: undefined } as unknown as AuditDetailValue, /undefined/],
    [{ d: new Date(0) as unknown as string }, /plain objects/],
    [{ s: 'nul\u0000' }, /NUL/],
    [{ s: '\ud800' }, /surrogates/],
  ])('refuses what jsonb would not keep as written: %p', (detail, message) => {
    expect(() => canonicalDetailJson(detail)).toThrow(message);
  });
});
