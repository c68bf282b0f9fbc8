import { createHash } from 'node:crypto';

/**
 * The digest a reconciliation compares, computed the same way here and at the hub
 * (`GET /v1/records/digests`): records bucketed by region × business month (a permit's work region
 * and the month it was issued), each bucket a count and the XOR of SHA-256(`<recordId>\n<version>`)
 * of its records, so the order of the records does not matter and one bucket can be compared
 * without reading its records.
 */
export interface BucketDigest {
  readonly count: number;
  /** 64 hex digits. */
  readonly hash: string;
}

/** A record's place in the digest: id, version, bucket. */
export interface DigestRecord {
  readonly recordId: string;
  readonly version: number;
  readonly region: string;
  readonly month: string;
}

/** `<region>:<YYYY-MM>`: a bucket's key. */
export function bucketKey(record: Pick<DigestRecord, 'region' | 'month'>): string {
  return `${record.region}:${record.month}`;
}

/** SHA-256 of `<recordId>\n<version>`. */
export function recordHash(recordId: string, version: number): Buffer {
  return createHash('sha256').update(`${recordId}\n${version}`, 'utf8').digest();
}

/** The digest of every bucket the records fall in. */
export function digestOf(records: Iterable<DigestRecord>): Map<string, BucketDigest> {
  const sums = new Map<string, { count: number; hash: Buffer }>();
  for (const record of records) {
    const key = bucketKey(record);
    const sum = sums.get(key) ?? { count: 0, hash: Buffer.alloc(32) };
    const hash = recordHash(record.recordId, record.version);
    for (let i = 0; i < 32; i += 1) sum.hash[i] = (sum.hash[i] ?? 0) ^ (hash[i] ?? 0);
    sum.count += 1;
    sums.set(key, sum);
  }
  return new Map([...sums].map(([key, sum]) => [key, { count: sum.count, hash: sum.hash.toString('hex') }]));
}

/** The buckets whose count or hash differ between the two sides (a bucket only one side has included), sorted. */
export function differingBuckets(here: ReadonlyMap<string, BucketDigest>, there: ReadonlyMap<string, BucketDigest>): string[] {
  const keys = new Set([...here.keys(), ...there.keys()]);
  return [...keys].filter((key) => here.get(key)?.hash !== there.get(key)?.hash || here.get(key)?.count !== there.get(key)?.count).sort();
}
