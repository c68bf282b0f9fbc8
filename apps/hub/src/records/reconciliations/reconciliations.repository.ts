import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PsbComparison, PsbComparisonDto, ReconciliationSummary, ReconciliationSummaryDto } from './reconciliation-summary.dto.js';

const COLUMNS = `id, agency, domain, outcome, trigger, range_from AS "from", range_to AS "to",
  to_json(started_at) #>> '{}' AS "startedAt", to_json(finished_at) #>> '{}' AS "finishedAt",
  agency_records AS "agencyRecords", hub_records AS "hubRecords", buckets, differing_buckets AS "differingBuckets",
  missing, extra, different, repaired, remaining, error, psb, to_json(received_at) #>> '{}' AS "receivedAt"`;

/** Reconciliation summaries the agencies sent (table `reconciliations`). */
@Injectable()
export class ReconciliationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a summary once: the same id again changes nothing. Returns the stored row. */
  async record(agency: string, s: ReconciliationSummaryDto): Promise<ReconciliationSummary | undefined> {
    await this.dataSource.query(
      `INSERT INTO reconciliations (id, agency, domain, outcome, trigger, range_from, range_to, started_at, finished_at, agency_records,
              hub_records, buckets, differing_buckets, missing, extra, different, repaired, remaining, error, psb)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
       ON CONFLICT (id) DO NOTHING`,
      [
        s.id,
        agency,
        s.domain,
        s.outcome,
        s.trigger,
        s.from ?? null,
        s.to ?? null,
        s.startedAt,
        s.finishedAt,
        s.agencyRecords,
        s.hubRecords,
        s.buckets,
        s.differingBuckets,
        s.missing,
        s.extra,
        s.different,
        s.repaired,
        s.remaining,
        s.error ?? null,
        s.psb === undefined ? null : JSON.stringify(psbComparisonOf(s.psb)),
      ],
    );
    const [row] = await this.dataSource.query<ReconciliationSummary[]>(
      `SELECT ${COLUMNS} FROM reconciliations WHERE id = $1 AND agency = $2`,
      [s.id, agency],
    );
    return row;
  }

  /** Newest first (by finish), optionally one agency's; `latest` keeps each agency's newest only. */
  async list(filter: { agency?: string; latest: boolean; limit: number }): Promise<ReconciliationSummary[]> {
    const where = filter.agency === undefined ? '' : 'WHERE agency = $2';
    const parameters: unknown[] = [filter.limit, ...(filter.agency === undefined ? [] : [filter.agency])];
    const source = filter.latest
      ? `(SELECT DISTINCT ON (agency) * FROM reconciliations ${where} ORDER BY agency, finished_at DESC, id DESC) r`
      : `reconciliations ${where}`;
    return this.dataSource.query<ReconciliationSummary[]>(
      `SELECT ${COLUMNS} FROM ${source} ORDER BY finished_at DESC, id DESC LIMIT $1`,
      parameters,
    );
  }
}

/** What is stored of the comparison with public security's copy: the error alone, or the six counts. */
function psbComparisonOf(psb: PsbComparisonDto): PsbComparison {
  if (psb.error !== undefined) return { error: psb.error };
  return {
    psbRecords: psb.psbRecords ?? 0,
    buckets: psb.buckets ?? 0,
    differingBuckets: psb.differingBuckets ?? 0,
    missingAtPsb: psb.missingAtPsb ?? 0,
    differentAtPsb: psb.differentAtPsb ?? 0,
    extraAtPsb: psb.extraAtPsb ?? 0,
  };
}
