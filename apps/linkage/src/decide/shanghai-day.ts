import { LINKAGE_TIME_ZONE } from '../config/linkage-config.js';

const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: LINKAGE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day (YYYY-MM-DD) in Asia/Shanghai of an instant: the day every rule counts in. */
export function shanghaiDay(at: Date | string): string {
  return DAY.format(typeof at === 'string' ? new Date(at) : at);
}

/** The day after a YYYY-MM-DD day. */
export function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
