import type { PermitRecord } from '../permits/permit-record.js';
import type { Queryable } from './read-bureau-records.js';
import type { DigestRecord } from './record-digest.js';
import type { ReconcileRange } from './reconcile-range.js';

/** A permit the bureau imported (`npm run bureau -- import`) that its system of record does not hold. */
export interface ImportedRecord extends DigestRecord {
  readonly permitNo: string;
}

/**
 * The bureau's imported history outside its system of record: each record of the import ledger
 * (`bureau_import_ledger`, the newest version the import published) issued in the range, bucketed
 * as the hub buckets it (work region, issue month). A permit the system of record holds is the
 * system's (`fwp.permit`, compared as change capture publishes it), so records under its ids, or
 * whose permit number it holds now, are left out here: each permit is counted once.
 */
export async function readImportedRecords(
  store: Queryable,
  bureau: Queryable,
  range: ReconcileRange,
  agencyId: string | undefined,
): Promise<ImportedRecord[]> {
  const rows = await store.query<{ record_id: string; version: number; region: string; month: string; permit_no: string }[]>(
    `SELECT record_id, version, record->>'workRegion' AS region, left(record->>'issuedOn', 7) AS month, record->>'permitNo' AS permit_no
       FROM bureau_import_ledger
      WHERE ($3::text IS NULL OR agency = $3) AND record_id NOT LIKE 'fwp.permit:%'
        AND left(record->>'issuedOn', 7) BETWEEN $1 AND $2
      ORDER BY record_id`,
    [range.from ?? '0000-01', range.to ?? '9999-12', agencyId ?? null],
  );
  const held = await heldPermitNos(
    bureau,
    rows.map((row) => row.permit_no),
  );
  return rows
    .filter((row) => !held.has(row.permit_no))
    .map((row) => ({ recordId: row.record_id, version: row.version, region: row.region, month: row.month, permitNo: row.permit_no }));
}

/** The imported permits, as the import published them, by record id (what a repair republishes). */
export async function readImportedPermits(
  store: Queryable,
  recordIds: readonly string[],
  agencyId: string | undefined,
): Promise<Map<string, PermitRecord>> {
  if (recordIds.length === 0) return new Map();
  const rows = await store.query<{ record_id: string; record: PermitRecord }[]>(
    'SELECT record_id, record FROM bureau_import_ledger WHERE record_id = ANY($1::text[]) AND ($2::text IS NULL OR agency = $2)',
    [recordIds, agencyId ?? null],
  );
  return new Map(rows.map((row) => [row.record_id, row.record]));
}

const CHUNK = 10_000;

/** Which of these permit numbers `fwp.permit` holds (18 digits only: a longer text cast to char(18) would be cut). */
async function heldPermitNos(bureau: Queryable, permitNos: readonly string[]): Promise<Set<string>> {
  const wanted = permitNos.filter((permitNo) => /^\d{18}$/.test(permitNo));
  const held = new Set<string>();
  for (let at = 0; at < wanted.length; at += CHUNK) {
    const rows = await bureau.query<{ permit_no: string }[]>(
      'SELECT permit_no::text AS permit_no FROM fwp.permit WHERE permit_no = ANY($1::bpchar[])',
      [wanted.slice(at, at + CHUNK)],
    );
    for (const row of rows) held.add(row.permit_no);
  }
  return held;
}
