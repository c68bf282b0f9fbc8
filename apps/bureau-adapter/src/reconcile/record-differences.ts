import type { DigestRecord } from './record-digest.js';

/**
 * Why a record is listed: the bureau has it and the hub lacks it, the reverse, or both hold other
 * content; the same against public security's copy (`…AtPsb`), when that is compared too.
 */
export type DifferenceKind = 'missing' | 'extra' | 'different' | PsbDifferenceKind;

/** A difference with public security's copy of the bureau's permits. */
export type PsbDifferenceKind = 'missingAtPsb' | 'extraAtPsb' | 'differentAtPsb';

/** One record the two sides disagree on. */
export interface RecordDifference {
  readonly kind: DifferenceKind;
  readonly recordId: string;
  /** The bucket the record is in here (the hub's, for an extra record). */
  readonly region: string;
  readonly month: string;
  readonly bureauVersion?: number;
  readonly hubVersion?: number;
  /** The version public security's copy holds (`…AtPsb` differences). */
  readonly psbVersion?: number;
  /**
   * `hub-older`: the hub holds an older version (republishing fixes it); `hub-newer`: the hub holds a
   * newer one than the bureau; `content`: the bureau's row changed without a new version since it
   * was published at that version; `psb-older`, `psb-newer`: public security's copy holds an older
   * or a newer version.
   */
  readonly reason?: 'hub-older' | 'hub-newer' | 'content' | 'psb-older' | 'psb-newer';
}

/**
 * The records of the differing buckets, side by side by record id: missing (here only), extra (hub
 * only), different (another version). A record found at the same version in different buckets on
 * the two sides (its region or issue date changed without a new event) is not a difference.
 */
export function recordDifferences(here: readonly DigestRecord[], hub: readonly DigestRecord[]): RecordDifference[] {
  const atHub = new Map(hub.map((record) => [record.recordId, record]));
  const ours = new Set(here.map((record) => record.recordId));
  const differences: RecordDifference[] = [];
  for (const record of here) {
    const held = atHub.get(record.recordId);
    const place = { recordId: record.recordId, region: record.region, month: record.month, bureauVersion: record.version };
    if (!held) differences.push({ kind: 'missing', ...place });
    else if (held.version !== record.version)
      differences.push({
        kind: 'different',
        ...place,
        hubVersion: held.version,
        reason: held.version < record.version ? 'hub-older' : 'hub-newer',
      });
  }
  for (const record of hub) {
    if (!ours.has(record.recordId))
      differences.push({
        kind: 'extra',
        recordId: record.recordId,
        region: record.region,
        month: record.month,
        hubVersion: record.version,
      });
  }
  return differences.sort(byRecordId);
}

/** Differences by kind, then record id (numeric tails in number order: fwp.permit:9 before fwp.permit:10). */
export function byRecordId(a: RecordDifference, b: RecordDifference): number {
  return a.kind.localeCompare(b.kind) || a.recordId.localeCompare(b.recordId, 'en', { numeric: true });
}

/** Whether republishing the bureau's record fixes the difference (the hub lacks it or holds it older). */
export function repairable(difference: RecordDifference): boolean {
  return difference.kind === 'missing' || (difference.kind === 'different' && difference.reason === 'hub-older');
}
