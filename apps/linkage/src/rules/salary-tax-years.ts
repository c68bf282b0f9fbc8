import { shiftDays } from '../calendar/working-calendar.js';
import type { TaxReport, WorkPermitView } from '../chain/person-chain.types.js';

/** One tax year summed over employers, with the region whose average wage applies to it. */
export interface TaxYear {
  readonly year: number;
  readonly salaryFen: number;
  readonly taxFen: number;
  readonly region: string;
  /** The latest day a report of the year was recorded: when the year's facts were complete. */
  readonly reportedOn: string;
  readonly eventIds: readonly string[];
}

/** Sums the reports in force per tax year; the year's region is that of the employer who paid most. */
export function taxYears(reports: readonly TaxReport[]): Map<number, TaxYear> {
  const byYear = new Map<number, TaxReport[]>();
  for (const report of reports) byYear.set(report.taxYear, [...(byYear.get(report.taxYear) ?? []), report]);
  const years = new Map<number, TaxYear>();
  for (const [year, list] of byYear) {
    const main = [...list].sort((a, b) => b.salaryFen - a.salaryFen || a.reportNo.localeCompare(b.reportNo))[0];
    years.set(year, {
      year,
      salaryFen: list.reduce((sum, r) => sum + r.salaryFen, 0),
      taxFen: list.reduce((sum, r) => sum + r.taxFen, 0),
      region: main?.region ?? '',
      reportedOn:
        list
          .map((r) => r.reportedOn)
          .sort()
          .at(-1) ?? '',
      eventIds: list.map((r) => r.eventId).sort(),
    });
  }
  return years;
}

/**
 * The first day of a year not covered by any work permit (from its first day of validity to the
 * earlier of its last day and the day before it ended), or undefined when the whole year is covered.
 */
export function firstUncoveredDay(year: number, permits: readonly WorkPermitView[]): string | undefined {
  const spans = permits
    .flatMap((p) => (p.validFrom && p.validTo ? [{ from: p.validFrom, to: lastDay(p, p.validTo) }] : []))
    .sort((a, b) => a.from.localeCompare(b.from));
  let day = `${year}-01-01`;
  const last = `${year}-12-31`;
  for (const span of spans) {
    if (span.from > day) return day;
    if (span.to >= day) day = shiftDays(span.to, 1);
    if (day > last) return undefined;
  }
  return day;
}

function lastDay(permit: WorkPermitView, validTo: string): string {
  if (permit.status === 'valid' || !permit.endedOn) return validTo;
  const dayBefore = shiftDays(permit.endedOn, -1);
  return dayBefore < validTo ? dayBefore : validTo;
}
