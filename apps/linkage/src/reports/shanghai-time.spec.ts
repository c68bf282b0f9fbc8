import { describe, expect, it } from '@jest/globals';
import { daysBetween, lastDayOf, monthOf, monthsFromTo, shanghaiDate } from './shanghai-time.js';

describe('Asia/Shanghai months', () => {
  it('counts an instant after 16:00 UTC on the last day of a month in the next month', () => {
    expect(shanghaiDate('2026-01-31T15:59:59Z')).toBe('2026-01-31');
    expect(shanghaiDate('2026-01-31T16:00:00Z')).toBe('2026-02-01');
    expect(monthOf(shanghaiDate('2025-12-31T16:30:00Z'))).toBe('2026-01');
  });

  it('reads offsets as written', () => {
    expect(shanghaiDate('2026-03-01T00:30:00+08:00')).toBe('2026-03-01');
    expect(shanghaiDate('2026-02-28T23:30:00-05:00')).toBe('2026-03-01');
  });

  it('refuses text that is no instant', () => {
    expect(() => shanghaiDate('not a time')).toThrow(RangeError);
  });

  it('lists months across a year end and finds the last day of February in leap and common years', () => {
    expect(monthsFromTo('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsFromTo('2026-03', '2026-03')).toEqual(['2026-03']);
    expect(lastDayOf('2024-02')).toBe('2024-02-29');
    expect(lastDayOf('2026-02')).toBe('2026-02-28');
    expect(lastDayOf('2026-12')).toBe('2026-12-31');
  });

  it('counts calendar days between dates', () => {
    expect(daysBetween('2026-01-31', '2026-03-01')).toBe(29);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-03-01', '2026-03-01')).toBe(0);
  });
});
