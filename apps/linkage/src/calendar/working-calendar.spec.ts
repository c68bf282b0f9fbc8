import { describe, expect, it } from '@jest/globals';
import { CHINA_WORKING_CALENDAR } from './china-working-calendar.data.js';
import { addWorkingDays, isWorkingDay, loadWorkingCalendar, workingDaysBetween } from './working-calendar.js';

const calendar = loadWorkingCalendar(CHINA_WORKING_CALENDAR);
const working = (date: string): boolean | string => {
  const answer = isWorkingDay(date, calendar);
  return answer.ok ? answer.value : answer.code;
};

describe('China working-day calendar data', () => {
  it('covers 2017 through 2026, each year citing its State Council notice', () => {
    const years = Object.keys(CHINA_WORKING_CALENDAR.years).map(Number);
    expect(years).toEqual([2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const [year, arrangement] of Object.entries(CHINA_WORKING_CALENDAR.years)) {
      expect(arrangement.notice.title).toBe(`国务院办公厅关于${year}年部分节假日安排的通知`);
      expect(arrangement.notice.docNo).toMatch(/^国办发明电〔\d{4}〕\d+号$/);
      expect(arrangement.festivals.length).toBeGreaterThanOrEqual(6);
    }
  });

  it('agrees with the notices on well-known dates', () => {
    // 2024 Spring Festival: 10–17 February off, Sundays 4 and 18 February worked.
    expect(working('2024-02-04')).toBe(true);
    expect(working('2024-02-18')).toBe(true);
    expect(['2024-02-10', '2024-02-16'].map(working)).toEqual([false, false]);
    // 2024 National Day: 1–7 October off, 29 September (Sunday) and 12 October (Saturday) worked.
    for (let day = 1; day <= 7; day += 1) expect(working(`2024-10-0${day}`)).toBe(false);
    expect([working('2024-09-29'), working('2024-10-12')]).toEqual([true, true]);
    // 2025: Sunday 26 January worked before the Spring Festival; 28 January – 4 February off.
    expect(working('2025-01-26')).toBe(true);
    expect(working('2025-02-04')).toBe(false);
    // 2020: the Spring Festival was extended to 2 February; Saturday 1 February was no longer worked.
    expect([working('2020-01-31'), working('2020-02-01'), working('2020-02-02'), working('2020-02-03')]).toEqual([
      false,
      false,
      false,
      true,
    ]);
    // 2019 Labour Day as revised in March 2019: 1–4 May off, 28 April and 5 May worked.
    expect([working('2019-04-28'), working('2019-05-03'), working('2019-05-05')]).toEqual([true, false, true]);
    // 2026 Spring Festival: 15–23 February off, Saturdays 14 and 28 February worked.
    expect([working('2026-02-14'), working('2026-02-23'), working('2026-02-28')]).toEqual([true, false, true]);
  });

  it('is consistent: every worked day is a weekend day, and no day is both off and worked', () => {
    for (const day of calendar.workedWeekendDays) {
      expect([day, new Date(`${day}T00:00:00Z`).getUTCDay() % 6]).toEqual([day, 0]);
      expect(calendar.offDays.has(day)).toBe(false);
    }
    expect(calendar.offDays.size).toBeGreaterThan(250);
  });

  it('keeps the New Year days the next notice set at the end of a year', () => {
    // New Year 2019: 30 Dec 2018 – 1 Jan 2019 off, Saturday 29 Dec 2018 worked.
    expect([working('2018-12-29'), working('2018-12-31'), working('2019-01-01'), working('2019-01-02')]).toEqual([
      true,
      false,
      false,
      true,
    ]);
  });

  it('counts an ordinary weekend as off and an ordinary weekday as worked', () => {
    expect([working('2024-03-09'), working('2024-03-10'), working('2024-03-11')]).toEqual([false, false, true]);
  });
});

describe('addWorkingDays', () => {
  it('skips the National Day week and counts the worked Saturday after it', () => {
    // From Monday 30 Sep 2024: 1–7 Oct are off; 8, 9, 10, 11 (Fri) and 12 (worked Saturday) count.
    expect(addWorkingDays('2024-09-30', 5, calendar)).toEqual({ ok: true, value: '2024-10-12', calendar: 'cn-national@2026.1' });
  });

  it('counts the worked Sunday before the 2025 Spring Festival', () => {
    // Friday 24 Jan 2025 + 1 working day is Sunday 26 Jan (a working day), + 2 is Monday 27 Jan, + 3 jumps to 5 Feb.
    const days = [1, 2, 3].map((n) => addWorkingDays('2025-01-24', n, calendar));
    expect(days.map((d) => (d.ok ? d.value : d.code))).toEqual(['2025-01-26', '2025-01-27', '2025-02-05']);
  });

  it('differs from a plain weekday count across a holiday', () => {
    // Friday 27 Sep 2024: Sun 29 Sep and Mon 30 Sep, then 8–12 Oct (Saturday 12 worked), then 14–16 Oct.
    // Counting weekdays only would give Friday 11 Oct.
    const result = addWorkingDays('2024-09-27', 10, calendar);
    expect(result.ok && result.value).toBe('2024-10-16');
  });

  it('returns the start date for zero days', () => {
    expect(addWorkingDays('2024-05-01', 0, calendar)).toMatchObject({ ok: true, value: '2024-05-01' });
  });

  it('cannot decide when the count runs past the last year the calendar covers', () => {
    const result = addWorkingDays('2026-12-24', 10, calendar);
    expect(result).toMatchObject({ ok: false, code: 'CALENDAR_YEAR_NOT_COVERED', year: 2027 });
    expect(result.ok ? '' : result.message).toContain('2027');
  });

  it('cannot decide for a start before the first covered year', () => {
    expect(addWorkingDays('2016-06-01', 1, calendar)).toMatchObject({ ok: false, year: 2016 });
  });

  it('rejects a date that is not YYYY-MM-DD with a message saying how to write it', () => {
    expect(() => addWorkingDays('2024/05/01', 1, calendar)).toThrow(/YYYY-MM-DD/);
  });
});

describe('workingDaysBetween', () => {
  it('counts 5 working days in the week of 1 May 2024, which had one worked Saturday', () => {
    // 29–30 Apr worked, 1–5 May off, 6–10 May worked, 11 May (Saturday) worked.
    expect(workingDaysBetween('2024-04-28', '2024-05-11', calendar)).toMatchObject({ ok: true, value: 8 });
  });

  it('is the inverse of addWorkingDays', () => {
    const due = addWorkingDays('2023-09-20', 15, calendar);
    expect(due.ok).toBe(true);
    if (due.ok) expect(workingDaysBetween('2023-09-20', due.value, calendar)).toMatchObject({ value: 15 });
  });

  it('cannot decide when either end lies outside the calendar', () => {
    expect(workingDaysBetween('2026-12-01', '2027-01-10', calendar)).toMatchObject({ ok: false, year: 2027 });
  });
});
