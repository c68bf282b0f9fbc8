import { applicationRecordOf } from '../applications/application-record-of.js';
import type { ApplicationDocument } from '../applications/application-document.js';
import { applicationRecordId, type ApplicationRecord } from '../applications/application-record.js';
import type { Queryable } from './read-bureau-records.js';
import type { DigestRecord } from './record-digest.js';
import type { ReconcileRange } from './reconcile-range.js';

/** An application of the bureau as the digest sees it: its bucket by work region and the month it was submitted (China time). */
export interface BureauApplication extends DigestRecord {
  readonly applicationId: string;
}

/**
 * Every application submitted in the range, from `fwp.application`. The hub files an application's
 * records under the month of its earliest event, `application-submitted`, whose day is the day it
 * was submitted in China time.
 */
export async function readBureauApplications(bureau: Queryable, range: ReconcileRange): Promise<BureauApplication[]> {
  const rows = await bureau.query<{ application_id: string; version: number; region: string; month: string }[]>(
    `SELECT application_id::text, version, work_region AS region, to_char(submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month
       FROM fwp.application
      WHERE to_char(submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') BETWEEN $1 AND $2
      ORDER BY fwp.application.application_id`,
    [range.from ?? '0000-01', range.to ?? '9999-12'],
  );
  return rows.map((row) => ({
    applicationId: row.application_id,
    recordId: applicationRecordId(row.application_id),
    version: row.version,
    region: row.region,
    month: row.month,
  }));
}

/** The applications as the adapter publishes them (the document change capture reads), by record id. */
export async function readApplicationRecords(
  bureau: Queryable,
  applicationIds: readonly string[],
): Promise<Map<string, ApplicationRecord>> {
  if (applicationIds.length === 0) return new Map();
  const rows = await bureau.query<{ document: ApplicationDocument }[]>(
    `SELECT hub_capture.application_document(application_id) AS document FROM fwp.application
      WHERE application_id = ANY($1::bigint[])`,
    [applicationIds],
  );
  return new Map(rows.map(({ document }) => [applicationRecordId(document.applicationId), applicationRecordOf(document)]));
}
