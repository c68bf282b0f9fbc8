import { permitRecordOf } from '../capture/permit-record-of.js';
import { permitRecordId, type PermitDocument } from '../capture/permit-document.js';
import type { PermitRecord } from '../permits/permit-record.js';
import type { DigestRecord } from './record-digest.js';
import type { ReconcileRange } from './reconcile-range.js';

/** Runs SQL against the bureau's system of record (a pg pool or a TypeORM DataSource both fit). */
export interface Queryable {
  query<T>(sql: string, parameters?: unknown[]): Promise<T>;
}

/** A permit of the bureau as the digest sees it: its bucket by work region and issue month. */
export interface BureauRecord extends DigestRecord {
  readonly permitId: string;
}

/** Every permit issued in the range, from `fwp.permit` (one indexed read; no change to the bureau's tables). */
export async function readBureauRecords(bureau: Queryable, range: ReconcileRange): Promise<BureauRecord[]> {
  const rows = await bureau.query<{ permit_id: string; version: number; region: string; month: string }[]>(
    `SELECT permit_id::text, version, work_region AS region, to_char(issued_on, 'YYYY-MM') AS month
       FROM fwp.permit
      WHERE to_char(issued_on, 'YYYY-MM') BETWEEN $1 AND $2
      ORDER BY fwp.permit.permit_id`,
    [range.from ?? '0000-01', range.to ?? '9999-12'],
  );
  return rows.map((row) => ({
    permitId: row.permit_id,
    recordId: permitRecordId(row.permit_id),
    version: row.version,
    region: row.region,
    month: row.month,
  }));
}

/** The permits as the adapter publishes them (the document change capture reads), by record id. */
export async function readPermitRecords(bureau: Queryable, permitIds: readonly string[]): Promise<Map<string, PermitRecord>> {
  if (permitIds.length === 0) return new Map();
  const rows = await bureau.query<{ document: PermitDocument }[]>(
    'SELECT hub_capture.permit_document(permit_id) AS document FROM fwp.permit WHERE permit_id = ANY($1::bigint[])',
    [permitIds],
  );
  return new Map(rows.map(({ document }) => [permitRecordId(document.permitId), permitRecordOf(document)]));
}
