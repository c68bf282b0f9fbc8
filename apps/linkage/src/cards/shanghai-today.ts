const SHANGHAI_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day (YYYY-MM-DD) it is in Asia/Shanghai at `now`: the day the linkage rules and look-ups answer for. */
export function shanghaiDay(now: Date = new Date()): string {
  return SHANGHAI_DAY.format(now);
}
