/** How many facts took a given number of days (one bar of a histogram). */
export interface DaysCount {
  readonly days: number;
  readonly count: number;
}

/** A cycle time over a month: how many, and the median and 90th percentile in days (one decimal). */
export interface CycleTime {
  readonly count: number;
  readonly medianDays: number | null;
  readonly p90Days: number | null;
}

/**
 * The q-quantile (0 ≤ q ≤ 1) of the values a histogram stands for, interpolated linearly between
 * the two nearest ranks, as PostgreSQL's percentile_cont and spreadsheets' PERCENTILE.INC do: the
 * median of 1, 2, 3, 4 days is 2.5. Null for no values.
 */
export function quantile(histogram: readonly DaysCount[], q: number): number | null {
  const bars = histogram.filter((bar) => bar.count > 0).sort((a, b) => a.days - b.days);
  const total = bars.reduce((sum, bar) => sum + bar.count, 0);
  if (total === 0) return null;
  const position = q * (total - 1);
  const below = valueAtRank(bars, Math.floor(position));
  const above = valueAtRank(bars, Math.ceil(position));
  return below + (above - below) * (position - Math.floor(position));
}

/** The value at a 0-based rank of the sorted values a histogram stands for. */
function valueAtRank(bars: readonly DaysCount[], rank: number): number {
  let seen = 0;
  for (const bar of bars) {
    seen += bar.count;
    if (rank < seen) return bar.days;
  }
  throw new RangeError(`rank ${rank} is beyond the ${seen} values of the histogram`);
}

/** Count, median and 90th percentile of a cycle time's histogram. */
export function cycleTime(histogram: readonly DaysCount[]): CycleTime {
  const count = histogram.reduce((sum, bar) => sum + bar.count, 0);
  return { count, medianDays: oneDecimal(quantile(histogram, 0.5)), p90Days: oneDecimal(quantile(histogram, 0.9)) };
}

/** part / whole to four decimals (0.8333), or null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

function oneDecimal(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

/** Counts of items (commitments, missing documents) due in a month, as of a day. */
export interface ItemCounts {
  readonly due: number;
  readonly fulfilledInTime: number;
  readonly fulfilledLate: number;
  readonly overdue: number;
  readonly pending: number;
  readonly breached: number;
}

/** Item counts with their rates: over the items already decided (fulfilled, or past their due date unfulfilled). */
export interface ItemSummary extends ItemCounts {
  /** Fulfilled at all (in time or late) out of those decided. */
  readonly fulfilmentRate: number | null;
  /** Fulfilled by the due date out of those decided. */
  readonly onTimeRate: number | null;
  /** Not fulfilled by the due date (late, or still outstanding) out of those decided. */
  readonly overdueRate: number | null;
}

export function summarizeItems(counts: ItemCounts): ItemSummary {
  const decided = counts.fulfilledInTime + counts.fulfilledLate + counts.overdue;
  return {
    ...counts,
    fulfilmentRate: rate(counts.fulfilledInTime + counts.fulfilledLate, decided),
    onTimeRate: rate(counts.fulfilledInTime, decided),
    overdueRate: rate(counts.fulfilledLate + counts.overdue, decided),
  };
}

/** Counts of cases due in a month, as of a day. */
export interface CaseCounts {
  readonly due: number;
  readonly resolvedByDueDate: number;
  readonly resolvedLate: number;
  readonly openOverdue: number;
  readonly openWithinDue: number;
  /** Cases opened in the month whose due date could not be counted (the calendar lacks the year). */
  readonly withoutDueDate: number;
}

/** Case counts with the share resolved by the due date out of those resolved or past due. */
export interface CaseSummary extends CaseCounts {
  readonly complianceRate: number | null;
}

export function summarizeCases(counts: CaseCounts): CaseSummary {
  const decided = counts.resolvedByDueDate + counts.resolvedLate + counts.openOverdue;
  return { ...counts, complianceRate: rate(counts.resolvedByDueDate, decided) };
}

/** Adds case counts (the province-month total over kinds and agencies). */
export function addCaseCounts(a: CaseCounts, b: CaseCounts): CaseCounts {
  return {
    due: a.due + b.due,
    resolvedByDueDate: a.resolvedByDueDate + b.resolvedByDueDate,
    resolvedLate: a.resolvedLate + b.resolvedLate,
    openOverdue: a.openOverdue + b.openOverdue,
    openWithinDue: a.openWithinDue + b.openWithinDue,
    withoutDueDate: a.withoutDueDate + b.withoutDueDate,
  };
}

export const NO_CASES: CaseCounts = { due: 0, resolvedByDueDate: 0, resolvedLate: 0, openOverdue: 0, openWithinDue: 0, withoutDueDate: 0 };
export const NO_ITEMS: ItemCounts = { due: 0, fulfilledInTime: 0, fulfilledLate: 0, overdue: 0, pending: 0, breached: 0 };
