import type { RecordDigests } from './hub-digests.client.js';
import type { ReconcileRange } from './reconcile-range.js';
import type { PsbComparison } from './reconciliation.js';
import { bucketKey, differingBuckets, digestOf, type DigestRecord } from './record-digest.js';
import { recordDifferences, type PsbDifferenceKind, type RecordDifference } from './record-differences.js';

const AT_PSB: Readonly<Record<'missing' | 'extra' | 'different', PsbDifferenceKind>> = {
  missing: 'missingAtPsb',
  extra: 'extraAtPsb',
  different: 'differentAtPsb',
};

/**
 * Compares the bureau's permits with public security's copy the way they are compared with the
 * hub's: the digests of every region × month bucket, then the records of the differing buckets,
 * matched by record id. Public security's copy is what the hub delivered to it, so what it lacks or
 * holds older is a delivery to make again, never something the bureau writes.
 */
export async function compareWithPsb(
  psb: RecordDigests,
  here: readonly DigestRecord[],
  range: ReconcileRange,
): Promise<{ comparison: PsbComparison; differences: RecordDifference[] }> {
  const ours = digestOf(here);
  const theirs = await psb.buckets('work-permit', range);
  const differing = differingBuckets(ours, theirs);
  const drilled = new Set(differing);
  const atPsb: DigestRecord[] = [];
  for (const bucket of differing) atPsb.push(...(await psb.records('work-permit', bucket)));
  const differences = psbDifferences(
    here.filter((record) => drilled.has(bucketKey(record))),
    atPsb,
  );
  const count = (kind: PsbDifferenceKind): number => differences.filter((d) => d.kind === kind).length;
  return {
    comparison: {
      psbRecords: [...theirs.values()].reduce((sum, bucket) => sum + bucket.count, 0),
      buckets: new Set([...ours.keys(), ...theirs.keys()]).size,
      differingBuckets: differing.length,
      missingAtPsb: count('missingAtPsb'),
      differentAtPsb: count('differentAtPsb'),
      extraAtPsb: count('extraAtPsb'),
    },
    differences,
  };
}

/** The record-level differences with public security's copy: missingAtPsb, extraAtPsb, differentAtPsb (psb-older or psb-newer). */
export function psbDifferences(here: readonly DigestRecord[], atPsb: readonly DigestRecord[]): RecordDifference[] {
  return recordDifferences(here, atPsb).map(({ hubVersion, reason, ...difference }) => ({
    ...difference,
    kind: AT_PSB[difference.kind as keyof typeof AT_PSB],
    ...(hubVersion === undefined ? {} : { psbVersion: hubVersion }),
    ...(reason === undefined ? {} : { reason: reason === 'hub-older' ? 'psb-older' : 'psb-newer' }),
  }));
}
