/**
 * Digests of the records an agency holds at the hub, for reconciliation with the agency's own
 * system of record. Records are bucketed by region (of the record's latest event) and business
 * month (of its earliest event, in China time: a permit's issue date), and each bucket carries a
 * count and an order-independent hash: the XOR of SHA-256(`<recordId>\n<version>`) over its
 * records, so the agency computes the same over its own rows and drills down only where they differ.
 */
export interface RecordBucket {
  /** GB/T 2260 region code. */
  readonly region: string;
  /** YYYY-MM. */
  readonly month: string;
  readonly count: number;
  /** 64 hex digits: the XOR of the bucket's record hashes. */
  readonly hash: string;
}

/** One record the hub holds for the agency: its own id and the version the hub holds. */
export interface HeldRecordVersion {
  readonly recordId: string;
  readonly version: number;
}

/** A page of buckets (keyset: `next` is the `after` of the next page; absent on the last page). */
export interface BucketPage {
  readonly domain: string;
  readonly buckets: readonly RecordBucket[];
  readonly next?: string;
}

/** A page of one bucket's records, by record id. */
export interface BucketRecordsPage {
  readonly domain: string;
  readonly region: string;
  readonly month: string;
  readonly records: readonly HeldRecordVersion[];
  readonly next?: string;
}
