import { findCode, PROVINCES } from '@hub/contracts';
import {
  addCaseCounts,
  cycleTime,
  NO_CASES,
  NO_ITEMS,
  summarizeCases,
  summarizeItems,
  type CaseCounts,
  type CaseSummary,
  type CycleTime,
  type DaysCount,
  type ItemCounts,
  type ItemSummary,
} from './report-arithmetic.js';
import type { CycleKind, MonthlyAggregates, MonthlyReportQuery } from './monthly-report.repository.js';
import { monthsFromTo } from './shanghai-time.js';

/** Cases of one kind owned by one agency, due in the month. */
export interface CaseSlaRow extends CaseSummary {
  readonly kind: string;
  readonly ownerAgency: string;
}

/** One province in one month (Asia/Shanghai). */
export interface MonthlyReportRow {
  readonly province: string;
  readonly provinceName: { readonly zh: string; readonly en: string };
  readonly month: string;
  /** Work permits issued in the month, by class. */
  readonly permitsIssued: { readonly A: number; readonly B: number; readonly C: number; readonly total: number };
  /** Calendar days, counted in the month the later step happened. */
  readonly cycleTimes: {
    readonly applicationToPermit: CycleTime;
    readonly permitToResidence: CycleTime;
    readonly permitToPermanentResidenceEligibility: CycleTime;
  };
  /** Notify-and-commit (告知承诺) commitments due in the month. */
  readonly commitments: ItemSummary;
  /** Documents owed under accept-with-missing-documents (容缺受理), due in the month. */
  readonly missingDocuments: ItemSummary;
  /** Cases due in the month: the total, and per case kind and owning agency. */
  readonly cases: CaseSummary & { readonly byKindAndAgency: readonly CaseSlaRow[] };
}

export interface MonthlyReport {
  readonly from: string;
  readonly to: string;
  readonly asOf: string;
  readonly province: string | null;
  readonly rows: readonly MonthlyReportRow[];
}

/**
 * One row per province and month of the query (months without facts included, so charts have no
 * gaps): the requested province, or every province that has anything in the months.
 */
export function buildMonthlyReport(query: MonthlyReportQuery, aggregates: MonthlyAggregates): MonthlyReport {
  const slices = new Map<string, Slice>();
  const slice = (row: { province: string; month: string }): Slice => {
    const key = `${row.province}|${row.month}`;
    let found = slices.get(key);
    if (!found) slices.set(key, (found = { cycleDays: [], permitClasses: [], items: [], cases: [] }));
    return found;
  };
  for (const row of aggregates.cycleDays) slice(row).cycleDays.push(row);
  for (const row of aggregates.permitClasses) slice(row).permitClasses.push(row);
  for (const row of aggregates.items) slice(row).items.push(row);
  for (const row of aggregates.cases) slice(row).cases.push(row);
  const provinces = query.province ? [query.province] : [...new Set([...slices.keys()].map((key) => key.split('|')[0] ?? ''))].sort();
  const empty: Slice = { cycleDays: [], permitClasses: [], items: [], cases: [] };
  const rows = provinces.flatMap((province) =>
    monthsFromTo(query.from, query.to).map((month) => buildRow(province, month, slices.get(`${province}|${month}`) ?? empty)),
  );
  return { from: query.from, to: query.to, asOf: query.asOf, province: query.province ?? null, rows };
}

/** The aggregates of one province and month. */
type Slice = { -readonly [K in keyof MonthlyAggregates]: MonthlyAggregates[K][number][] };

function buildRow(province: string, month: string, slice: Slice): MonthlyReportRow {
  const histograms: Record<CycleKind, DaysCount[]> = { 'permit-issued': [], 'residence-issued': [], 'pr-eligible': [] };
  for (const bar of slice.cycleDays) histograms[bar.kind].push(bar);
  const classes = slice.permitClasses;
  const count = (permitClass: string): number => classes.filter((c) => c.permitClass === permitClass).reduce((sum, c) => sum + c.count, 0);
  const merged = new Map<string, CaseSlaRow>();
  for (const row of slice.cases) {
    const key = `${row.kind}\u0000${row.ownerAgency}`;
    merged.set(key, { kind: row.kind, ownerAgency: row.ownerAgency, ...summarizeCases(addCaseCounts(merged.get(key) ?? NO_CASES, row)) });
  }
  const caseRows = [...merged.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.ownerAgency.localeCompare(b.ownerAgency));
  const entry = findCode(PROVINCES, province);
  return {
    province,
    provinceName: { zh: entry?.zh ?? province, en: entry?.en ?? province },
    month,
    permitsIssued: { A: count('A'), B: count('B'), C: count('C'), total: classes.reduce((sum, c) => sum + c.count, 0) },
    cycleTimes: {
      applicationToPermit: cycleTime(histograms['permit-issued']),
      permitToResidence: cycleTime(histograms['residence-issued']),
      permitToPermanentResidenceEligibility: cycleTime(histograms['pr-eligible']),
    },
    commitments: summarizeItems(itemCounts(slice.items.find((row) => row.kind === 'commitment'))),
    missingDocuments: summarizeItems(itemCounts(slice.items.find((row) => row.kind === 'missing-document'))),
    cases: { ...summarizeCases(caseRows.reduce<CaseCounts>((sum, row) => addCaseCounts(sum, row), NO_CASES)), byKindAndAgency: caseRows },
  };
}

/** Just the counts of an aggregate row (which also names its province, month and kind). */
function itemCounts(row: ItemCounts | undefined): ItemCounts {
  if (!row) return NO_ITEMS;
  const { due, fulfilledInTime, fulfilledLate, overdue, pending, breached } = row;
  return { due, fulfilledInTime, fulfilledLate, overdue, pending, breached };
}
