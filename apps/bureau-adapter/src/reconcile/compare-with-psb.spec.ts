import { describe, expect, it } from '@jest/globals';
import { compareWithPsb, psbDifferences } from './compare-with-psb.js';
import type { RecordDigests } from './hub-digests.client.js';
import { bucketKey, digestOf, type DigestRecord } from './record-digest.js';
import type { ReconcileRange } from './reconcile-range.js';

const record = (id: number, version: number, month = '2026-01', region = '310115'): DigestRecord => ({
  recordId: `fwp.permit:${id}`,
  version,
  region,
  month,
});

/** Public security's copy as its adapter answers it: the digests of the records, and the records of a bucket. */
function psbHolding(records: readonly DigestRecord[]): RecordDigests & { drilled: string[] } {
  const drilled: string[] = [];
  return {
    drilled,
    buckets: (_domain: string, range: ReconcileRange) =>
      Promise.resolve(digestOf(records.filter((r) => r.month >= (range.from ?? '0000-01') && r.month <= (range.to ?? '9999-12')))),
    records: (_domain: string, bucket: string) => {
      drilled.push(bucket);
      return Promise.resolve(records.filter((r) => bucketKey(r) === bucket));
    },
  };
}

describe('the comparison with public security’s copy', () => {
  const bureau = [record(1, 1), record(2, 3), record(3, 1), record(4, 2, '2026-02'), record(5, 1, '2026-03', '310104')];

  it('finds nothing and reads no records when every bucket agrees', async () => {
    const psb = psbHolding(bureau);
    const { comparison, differences } = await compareWithPsb(psb, bureau, {});
    expect(differences).toEqual([]);
    expect(psb.drilled).toEqual([]);
    expect(comparison).toEqual({ psbRecords: 5, buckets: 3, differingBuckets: 0, missingAtPsb: 0, differentAtPsb: 0, extraAtPsb: 0 });
  });

  it('lists what public security lacks, holds at another version or holds beyond the bureau, drilling into the differing buckets only', async () => {
    const psb = psbHolding([record(1, 1), record(2, 2), record(4, 3, '2026-02'), record(5, 1, '2026-03', '310104'), record(9, 1)]);
    const { comparison, differences } = await compareWithPsb(psb, bureau, {});
    expect(psb.drilled.sort()).toEqual(['310115:2026-01', '310115:2026-02']);
    expect(differences).toEqual([
      {
        kind: 'differentAtPsb',
        recordId: 'fwp.permit:2',
        region: '310115',
        month: '2026-01',
        bureauVersion: 3,
        psbVersion: 2,
        reason: 'psb-older',
      },
      {
        kind: 'differentAtPsb',
        recordId: 'fwp.permit:4',
        region: '310115',
        month: '2026-02',
        bureauVersion: 2,
        psbVersion: 3,
        reason: 'psb-newer',
      },
      { kind: 'extraAtPsb', recordId: 'fwp.permit:9', region: '310115', month: '2026-01', psbVersion: 1 },
      { kind: 'missingAtPsb', recordId: 'fwp.permit:3', region: '310115', month: '2026-01', bureauVersion: 1 },
    ]);
    expect(comparison).toEqual({ psbRecords: 5, buckets: 3, differingBuckets: 2, missingAtPsb: 1, differentAtPsb: 2, extraAtPsb: 1 });
  });

  it('compares the months asked for only', async () => {
    const psb = psbHolding([record(4, 2, '2026-02')]);
    const { differences } = await compareWithPsb(
      psb,
      bureau.filter((r) => r.month === '2026-02'),
      { from: '2026-02', to: '2026-02' },
    );
    expect(differences).toEqual([]);
  });

  it('does not count a record found at the same version in another bucket', () => {
    expect(psbDifferences([record(1, 1, '2026-01', '310115')], [record(1, 1, '2026-01', '310104')])).toEqual([]);
  });
});
