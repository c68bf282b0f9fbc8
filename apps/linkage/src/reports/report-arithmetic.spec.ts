import { describe, expect, it } from '@jest/globals';
import { cycleTime, quantile, rate, summarizeCases, summarizeItems, type DaysCount } from './report-arithmetic.js';

const histogram = (...days: number[]): DaysCount[] => {
  const counts = new Map<number, number>();
  for (const d of days) counts.set(d, (counts.get(d) ?? 0) + 1);
  return [...counts].map(([d, count]) => ({ days: d, count }));
};

describe('cycle times from a histogram of days', () => {
  it('takes the middle value of an odd count and interpolates between the two middle ones of an even count', () => {
    expect(quantile(histogram(9, 1, 5), 0.5)).toBe(5);
    expect(quantile(histogram(1, 2, 3, 4), 0.5)).toBe(2.5);
  });

  it('reads repeated values from their bars, in any bar order', () => {
    // 10 values: 3×2 days, 6×10 days, 1×40 days; median between ranks 4 and 5 (both 10), p90 at rank 8.1.
    const bars = [
      { days: 40, count: 1 },
      { days: 2, count: 3 },
      { days: 10, count: 6 },
    ];
    expect(quantile(bars, 0.5)).toBe(10);
    expect(quantile(bars, 0.9)).toBeCloseTo(13, 10); // rank 8.1: 10 + 0.1 × (40 − 10)
    expect(cycleTime(bars)).toEqual({ count: 10, medianDays: 10, p90Days: 13 });
  });

  it('gives the 90th percentile as percentile_cont does: 1..10 → 9.1', () => {
    expect(quantile(histogram(...Array.from({ length: 10 }, (_, i) => i + 1)), 0.9)).toBeCloseTo(9.1, 10);
  });

  it('answers null, not zero, when nothing happened in the month', () => {
    expect(cycleTime([])).toEqual({ count: 0, medianDays: null, p90Days: null });
    expect(cycleTime([{ days: 3, count: 0 }])).toEqual({ count: 0, medianDays: null, p90Days: null });
  });

  it('rounds to one decimal', () => {
    expect(cycleTime(histogram(1, 2, 2)).p90Days).toBe(2);
    expect(cycleTime(histogram(0, 1, 1, 1, 1, 1, 1, 1, 1, 7)).p90Days).toBe(1.6); // rank 8.1: 1 + 0.1 × 6
  });
});

describe('rates', () => {
  it('divides to four decimals and gives null for nothing to divide by', () => {
    expect(rate(5, 6)).toBe(0.8333);
    expect(rate(0, 0)).toBeNull();
  });

  it('counts item rates over the items already decided: pending ones are left out', () => {
    const summary = summarizeItems({ due: 10, fulfilledInTime: 5, fulfilledLate: 1, overdue: 2, pending: 2, breached: 1 });
    expect(summary).toMatchObject({ fulfilmentRate: 0.75, onTimeRate: 0.625, overdueRate: 0.375 });
    expect(summarizeItems({ due: 2, fulfilledInTime: 0, fulfilledLate: 0, overdue: 0, pending: 2, breached: 0 })).toMatchObject({
      fulfilmentRate: null,
      overdueRate: null,
    });
  });

  it('counts case compliance over cases resolved or past due', () => {
    const summary = summarizeCases({ due: 7, resolvedByDueDate: 3, resolvedLate: 1, openOverdue: 2, openWithinDue: 1, withoutDueDate: 4 });
    expect(summary.complianceRate).toBe(0.5);
  });
});
