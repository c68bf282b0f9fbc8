import type { CalendarAnswer, WorkingCalendarData } from './working-calendar.types.js';

/** The calendar's data indexed for lookups: days off and weekend days worked, by ISO date. */
export interface WorkingCalendar {
  readonly ref: string;
  readonly years: ReadonlySet<number>;
  readonly offDays: ReadonlySet<string>;
  readonly workedWeekendDays: ReadonlySet<string>;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Indexes a calendar's data once, so each question is a set lookup per day. */
export function loadWorkingCalendar(data: WorkingCalendarData): WorkingCalendar {
  const offDays = new Set<string>();
  const workedWeekendDays = new Set<string>();
  for (const year of Object.values(data.years)) {
    for (const festival of year.festivals) {
      festival.off.flatMap(expandRange).forEach((day) => offDays.add(day));
      festival.workOn.forEach((day) => workedWeekendDays.add(day));
    }
  }
  const years = new Set(Object.keys(data.years).map(Number));
  return { ref: `${data.id}@${data.version}`, years, offDays, workedWeekendDays };
}

/** Whether a date is a working day: a weekday that is not a holiday, or a weekend day the notice makes a working day. */
export function isWorkingDay(date: string, calendar: WorkingCalendar): CalendarAnswer<boolean> {
  const refusal = refuseOutside(date, calendar);
  if (refusal) return refusal;
  if (calendar.workedWeekendDays.has(date)) return answer(true, calendar);
  if (calendar.offDays.has(date)) return answer(false, calendar);
  const weekday = parseDate(date).getUTCDay();
  return answer(weekday !== 0 && weekday !== 6, calendar);
}

/**
 * The date `n` working days after `date` (n ≥ 1; the start day itself does not count, as in
 * "within N working days of receipt"). Refuses rather than guesses when any day it crosses lies in
 * a year the calendar does not cover.
 */
export function addWorkingDays(date: string, n: number, calendar: WorkingCalendar): CalendarAnswer<string> {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`addWorkingDays needs a whole number of days ≥ 0, got ${n}`);
  let day = date;
  const start = refuseOutside(date, calendar);
  if (start) return start;
  for (let counted = 0; counted < n;) {
    day = shiftDays(day, 1);
    const working = isWorkingDay(day, calendar);
    if (!working.ok) return working;
    if (working.value) counted += 1;
  }
  return answer(day, calendar);
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string, calendar: WorkingCalendar): CalendarAnswer<number> {
  const refusal = refuseOutside(from, calendar) ?? refuseOutside(to, calendar);
  if (refusal) return refusal;
  let count = 0;
  for (let day = shiftDays(from, 1); day <= to; day = shiftDays(day, 1)) {
    const working = isWorkingDay(day, calendar);
    if (!working.ok) return working;
    if (working.value) count += 1;
  }
  return answer(count, calendar);
}

/** Adds calendar days to an ISO date (UTC arithmetic, so no time zone shifts a day). */
export function shiftDays(date: string, days: number): string {
  return new Date(parseDate(date).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

function expandRange(range: string): string[] {
  const [from = range, to = from] = range.split('..');
  const days: string[] = [];
  for (let day = from; day <= to; day = shiftDays(day, 1)) days.push(day);
  return days;
}

function parseDate(date: string): Date {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (!ISO_DATE.test(date) || Number.isNaN(parsed.getTime())) {
    throw new RangeError(`"${date}" is not a calendar date; write it as YYYY-MM-DD`);
  }
  return parsed;
}

function refuseOutside(date: string, calendar: WorkingCalendar): CalendarAnswer<never> | undefined {
  const year = parseDate(date).getUTCFullYear();
  if (calendar.years.has(year)) return undefined;
  return {
    ok: false,
    code: 'CALENDAR_YEAR_NOT_COVERED',
    year,
    calendar: calendar.ref,
    message: `The working-day calendar ${calendar.ref} has no holiday arrangement for ${year}; add that year's State Council notice to the calendar data before counting working days in it.`,
  };
}

function answer<T>(value: T, calendar: WorkingCalendar): CalendarAnswer<T> {
  return { ok: true, value, calendar: calendar.ref };
}
