import { describe, expect, it } from '@jest/globals';
import { bucketKey, differingBuckets, digestOf, type DigestRecord } from './record-digest.js';
import { recordDifferences, repairable } from './record-differences.js';

const record = (recordId: string, version: number, region = '310000', month = '2025-03'): DigestRecord => ({
  recordId,
  version,
  region,
  month,
});

describe('record digests', () => {
  it('do not depend on the order of the records, and change with any version', () => {
    const records = [record('fwp.permit:1', 1), record('fwp.permit:2', 3), record('fwp.permit:3', 1, '310000', '2025-04')];
    const forward = digestOf(records);
    expect(digestOf([...records].reverse())).toEqual(forward);
    expect(forward.get('310000:2025-03')).toEqual({ count: 2, hash: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
    const bumped = digestOf([record('fwp.permit:1', 2), ...records.slice(1)]);
    expect(differingBuckets(forward, bumped)).toEqual(['310000:2025-03']);
    expect(differingBuckets(forward, digestOf(records.slice(0, 2)))).toEqual(['310000:2025-04']);
    expect(bucketKey(records[2]!)).toBe('310000:2025-04');
  });

  it('hash a bucket as the XOR of SHA-256 of "<recordId>\\n<version>" (the hub computes the same in SQL)', () => {
    // `printf 'fwp.permit:1\n1' | sha256sum`; with a second record, the XOR of both.
    const one = '179cf5c861b5ed5225f1f122baaaedd77fadbf1f5b80593a26b85e2efeb36f0a';
    expect(digestOf([record('fwp.permit:1', 1)]).get('310000:2025-03')?.hash).toBe(one);
    const two = digestOf([record('fwp.permit:1', 1), record('fwp.permit:1', 1, '310000', '2025-03')]).get('310000:2025-03');
    expect(two).toEqual({ count: 2, hash: '0'.repeat(64) });
  });
});

describe('record differences', () => {
  it('lists missing, extra and different records, and not a record that only moved bucket', () => {
    const here = [
      record('fwp.permit:1', 1),
      record('fwp.permit:2', 2),
      record('fwp.permit:3', 4),
      record('fwp.permit:5', 1, '310000', '2025-05'),
    ];
    const hub = [record('fwp.permit:2', 1), record('fwp.permit:3', 5), record('fwp.permit:4', 1), record('fwp.permit:5', 1)];
    const differences = recordDifferences(here, hub);
    expect(differences).toEqual([
      {
        kind: 'different',
        recordId: 'fwp.permit:2',
        region: '310000',
        month: '2025-03',
        bureauVersion: 2,
        hubVersion: 1,
        reason: 'hub-older',
      },
      {
        kind: 'different',
        recordId: 'fwp.permit:3',
        region: '310000',
        month: '2025-03',
        bureauVersion: 4,
        hubVersion: 5,
        reason: 'hub-newer',
      },
      { kind: 'extra', recordId: 'fwp.permit:4', region: '310000', month: '2025-03', hubVersion: 1 },
      { kind: 'missing', recordId: 'fwp.permit:1', region: '310000', month: '2025-03', bureauVersion: 1 },
    ]);
    expect(differences.map(repairable)).toEqual([true, false, false, true]);
  });
});
