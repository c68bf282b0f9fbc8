import type { EntityManager } from 'typeorm';
import type { CaseCounts, ItemCounts } from './report-arithmetic.js';
import type { ReportFactKind } from './report-fact.types.js';
import { lastDayOf } from './shanghai-time.js';

/** The months, province and day a report is asked for. */
export interface MonthlyReportQuery {
  /** GB/T 2260 province code, or undefined for every province. */
  readonly province?: string;
  /** First and last month (YYYY-MM), both included. */
  readonly from: string;
  readonly to: string;
  /** The day (YYYY-MM-DD) the report looks from: items and cases past due on it are overdue. */
  readonly asOf: string;
}

/** Where a count belongs: province and month (YYYY-MM). */
export interface ProvinceMonth {
  readonly province: string;
  readonly month: string;
}

export type CycleKind = Extract<ReportFactKind, 'permit-issued' | 'residence-issued' | 'pr-eligible'>;
export type ItemKind = Extract<ReportFactKind, 'commitment' | 'missing-document'>;

/** Everything a monthly report is computed from, aggregated in PostgreSQL. */
export interface MonthlyAggregates {
  readonly cycleDays: readonly (ProvinceMonth & { kind: CycleKind; days: number; count: number })[];
  readonly permitClasses: readonly (ProvinceMonth & { permitClass: string; count: number })[];
  readonly items: readonly (ProvinceMonth & ItemCounts & { kind: ItemKind })[];
  readonly cases: readonly (ProvinceMonth & CaseCounts & { kind: string; ownerAgency: string })[];
}

/** Reads the aggregates of a report: histograms of cycle days, counts of items and cases, per province and month. */
export async function readMonthlyAggregates(db: EntityManager, query: MonthlyReportQuery): Promise<MonthlyAggregates> {
  const range = [`${query.from}-01`, `${query.to}-01`, query.province ?? null];
  const [cycleDays, permitClasses, items, cases, undated] = await Promise.all([
    db.query<MonthlyAggregates['cycleDays']>(
      `SELECT kind, province, to_char(month, 'YYYY-MM') AS month, days, count(*)::int AS count
         FROM report_facts
        WHERE kind IN ('permit-issued', 'residence-issued', 'pr-eligible') AND month BETWEEN $1::date AND $2::date
          AND ($3::text IS NULL OR province = $3) AND days IS NOT NULL
        GROUP BY kind, province, month, days`,
      range,
    ),
    db.query<MonthlyAggregates['permitClasses']>(
      `SELECT province, to_char(month, 'YYYY-MM') AS month, detail AS "permitClass", count(*)::int AS count
         FROM report_facts
        WHERE kind = 'permit-issued' AND month BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR province = $3)
        GROUP BY province, month, detail`,
      range,
    ),
    db.query<MonthlyAggregates['items']>(
      `SELECT kind, province, to_char(month, 'YYYY-MM') AS month,
              count(*)::int AS due,
              count(*) FILTER (WHERE done_on <= $4 AND done_on <= due_on)::int AS "fulfilledInTime",
              count(*) FILTER (WHERE done_on <= $4 AND done_on > due_on)::int AS "fulfilledLate",
              count(*) FILTER (WHERE (done_on IS NULL OR done_on > $4) AND due_on < $4)::int AS overdue,
              count(*) FILTER (WHERE (done_on IS NULL OR done_on > $4) AND due_on >= $4)::int AS pending,
              count(*) FILTER (WHERE breached)::int AS breached
         FROM report_facts
        WHERE kind IN ('commitment', 'missing-document') AND month BETWEEN $1::date AND $2::date
          AND ($3::text IS NULL OR province = $3)
        GROUP BY kind, province, month`,
      [...range, query.asOf],
    ),
    readCases(db, query),
    readUndatedCases(db, query),
  ]);
  return { cycleDays, permitClasses, items, cases: [...cases, ...undated] };
}

/**
 * Cases due in the months, counted against their due date: resolved on or before it (the
 * Asia/Shanghai day of resolved_at), after it, or still open on the report's day past it or not.
 */
function readCases(db: EntityManager, query: MonthlyReportQuery): Promise<MonthlyAggregates['cases']> {
  return db.query<MonthlyAggregates['cases']>(
    `WITH due AS (
       SELECT province, kind, owner_agency, due_date,
              CASE WHEN (resolved_at AT TIME ZONE 'Asia/Shanghai')::date <= $4::date
                   THEN (resolved_at AT TIME ZONE 'Asia/Shanghai')::date END AS resolved_on
         FROM cases
        WHERE due_date BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR province = $3))
     SELECT province, to_char(due_date, 'YYYY-MM') AS month, kind, owner_agency AS "ownerAgency",
            count(*)::int AS due,
            count(*) FILTER (WHERE resolved_on <= due_date)::int AS "resolvedByDueDate",
            count(*) FILTER (WHERE resolved_on > due_date)::int AS "resolvedLate",
            count(*) FILTER (WHERE resolved_on IS NULL AND due_date < $4::date)::int AS "openOverdue",
            count(*) FILTER (WHERE resolved_on IS NULL AND due_date >= $4::date)::int AS "openWithinDue",
            0 AS "withoutDueDate"
       FROM due
      GROUP BY province, month, kind, owner_agency`,
    [`${query.from}-01`, lastDayOf(query.to), query.province ?? null, query.asOf],
  );
}

/** Cases opened in the months whose due date could not be counted: they cannot be judged, only shown. */
function readUndatedCases(db: EntityManager, query: MonthlyReportQuery): Promise<MonthlyAggregates['cases']> {
  return db.query<MonthlyAggregates['cases']>(
    `SELECT province, to_char(opened_on, 'YYYY-MM') AS month, kind, owner_agency AS "ownerAgency",
            0 AS due, 0 AS "resolvedByDueDate", 0 AS "resolvedLate", 0 AS "openOverdue", 0 AS "openWithinDue",
            count(*)::int AS "withoutDueDate"
       FROM cases
      WHERE due_date IS NULL AND opened_on BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR province = $3)
      GROUP BY province, month, kind, owner_agency`,
    [`${query.from}-01`, lastDayOf(query.to), query.province ?? null],
  );
}
