import { describe, expect, it } from '@jest/globals';
import { nextRunAt } from './next-run-at.js';

describe('the daily reconciliation time', () => {
  it('is the next time China reads HH:MM', () => {
    // 01:00 China time on 5 December: 02:30 is still to come today.
    expect(nextRunAt('02:30', new Date('2026-12-04T17:00:00Z')).toISOString()).toBe('2026-12-04T18:30:00.000Z');
    // 03:00 China time: tomorrow's.
    expect(nextRunAt('02:30', new Date('2026-12-04T19:00:00Z')).toISOString()).toBe('2026-12-05T18:30:00.000Z');
    // Exactly at the time: the next day's, so one run per day.
    expect(nextRunAt('02:30', new Date('2026-12-04T18:30:00Z')).toISOString()).toBe('2026-12-05T18:30:00.000Z');
    // 23:50 UTC is 07:50 the next day in China.
    expect(nextRunAt('08:00', new Date('2026-12-04T23:50:00Z')).toISOString()).toBe('2026-12-05T00:00:00.000Z');
  });
});
