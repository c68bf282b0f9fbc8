import { Injectable } from '@nestjs/common';
import { recordBucketsSql } from '@hub/persistence';
import { DataSource } from 'typeorm';
import type { DigestQuery, BucketQuery } from './digest-query.js';
import type { BucketPage, BucketRecordsPage, HeldRecordVersion, RecordBucket } from './record-digest.js';

/**
 * The agency's held records of one domain with their bucket: record_versions (by agency and record
 * id) with the region of the record's latest event and the month of its earliest one (both by
 * index: events by id, and by agency, record id and time).
 */
const HELD = `
  SELECT rv.record_id, rv.version, latest.region,
         to_char((SELECT min(e.occurred_at) FROM events e
                   WHERE e.agency = rv.agency AND e.envelope ? 'recordid' AND e.envelope->>'recordid' = rv.record_id)
                 AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month
    FROM record_versions rv JOIN events latest ON latest.id = rv.event_id
   WHERE rv.agency = $1 AND rv.record_id IS NOT NULL AND latest.type LIKE $2 || '.%'`;

/** Reads the digests of an agency's records at the hub. */
@Injectable()
export class RecordDigestsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The buckets of the agency's records in the query's months, by region then month. */
  async buckets(agency: string, query: DigestQuery): Promise<BucketPage> {
    const [afterRegion, afterMonth] = query.after ? query.after.split(':') : ['', ''];
    const rows = await this.dataSource.query<{ region: string; month: string; count: number; hash: string }[]>(recordBucketsSql(HELD, 3), [
      agency,
      query.domain,
      query.from,
      query.to,
      afterRegion,
      afterMonth,
      query.limit + 1,
    ]);
    const buckets: RecordBucket[] = rows.slice(0, query.limit).map((row) => ({ ...row, region: row.region.trim() }));
    const last = buckets.at(-1);
    return { domain: query.domain, buckets, ...(rows.length > query.limit && last ? { next: `${last.region}:${last.month}` } : {}) };
  }

  /** One bucket's records, by record id. */
  async records(agency: string, query: BucketQuery): Promise<BucketRecordsPage> {
    const rows = await this.dataSource.query<{ record_id: string; version: string }[]>(
      `SELECT record_id, version::text FROM (${HELD}) held
        WHERE region = $3 AND month = $4 AND record_id COLLATE "C" > $5
        ORDER BY record_id COLLATE "C"
        LIMIT $6`,
      [agency, query.domain, query.region, query.month, query.after ?? '', query.limit + 1],
    );
    const records: HeldRecordVersion[] = rows
      .slice(0, query.limit)
      .map((row) => ({ recordId: row.record_id, version: Number(row.version) }));
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
