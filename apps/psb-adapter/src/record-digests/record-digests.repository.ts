import { Injectable } from '@nestjs/common';
import { recordBucketsSql } from '@hub/persistence';
import { DataSource } from 'typeorm';
import type { BucketQuery, DigestQuery } from './digest-query.js';

/** A bucket of region × month: count and the XOR of SHA-256(`<recordId>\n<version>`) of its records. */
export interface RecordBucket {
  readonly region: string;
  readonly month: string;
  readonly count: number;
  /** 64 hex digits. */
  readonly hash: string;
}

/** A page of buckets (`next` is the `after` of the next page; absent on the last page). */
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
  readonly records: readonly { readonly recordId: string; readonly version: number }[];
  readonly next?: string;
}

/**
 * Public security's permits from one publishing agency, with their bucket as the hub and the bureau
 * define it: the region of the event last applied, the month (China time) of the earliest.
 */
const HELD = `
  SELECT record_id, record_version AS version, trim(region) AS region,
         to_char(first_event_time AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month
    FROM work_permits
   WHERE source_agency = $1 AND record_id IS NOT NULL AND record_version IS NOT NULL AND first_event_time IS NOT NULL`;

/** Reads the digests of public security's copy of one agency's records. */
@Injectable()
export class RecordDigestsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The buckets of the agency's records in the query's months, by region then month. */
  async buckets(agency: string, query: DigestQuery): Promise<BucketPage> {
    const [afterRegion, afterMonth] = query.after ? query.after.split(':') : ['', ''];
    const rows = await this.dataSource.query<RecordBucket[]>(recordBucketsSql(HELD, 2), [
      agency,
      query.from,
      query.to,
      afterRegion,
      afterMonth,
      query.limit + 1,
    ]);
    const buckets = rows.slice(0, query.limit);
    const last = buckets.at(-1);
    return { domain: query.domain, buckets, ...(rows.length > query.limit && last ? { next: `${last.region}:${last.month}` } : {}) };
  }

  /** One bucket's records, by record id. */
  async records(agency: string, query: BucketQuery): Promise<BucketRecordsPage> {
    const rows = await this.dataSource.query<{ record_id: string; version: number }[]>(
      `SELECT record_id, version FROM (${HELD}) held
        WHERE region = $2 AND month = $3 AND record_id COLLATE "C" > $4
        ORDER BY record_id COLLATE "C"
        LIMIT $5`,
      [agency, query.region, query.month, query.after ?? '', query.limit + 1],
    );
    const records = rows.slice(0, query.limit).map((row) => ({ recordId: row.record_id, version: Number(row.version) }));
    const last = records.at(-1);
    return {
      domain: query.domain,
      region: query.region,
      month: query.month,
      records,
      ...(rows.length > query.limit && last ? { next: last.recordId } : {}),
    };
  }
}
