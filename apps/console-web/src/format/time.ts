// Every time on the console is shown in Asia/Shanghai, whatever the browser's zone.
const ZONE = 'Asia/Shanghai';

const full = new Intl.DateTimeFormat('sv-SE', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
const short = new Intl.DateTimeFormat('sv-SE', {
  timeZone: ZONE,
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const clock = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hour12: false });

const monthOnly = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, year: 'numeric', month: '2-digit' });

/** The month (`2026-12`) it is now in Asia/Shanghai: the reports' months are Shanghai's. */
export function currentMonth(now = new Date()): string {
  return monthOnly.format(now);
}

/** `2026-12-05 07:35:29` in Asia/Shanghai, or an en dash for no time. */
export function formatTime(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '–';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : full.format(date);
}

/** An axis label: the clock for spans within a day, month-day and clock beyond. */
export function formatAxisTime(value: number, spanSeconds: number): string {
  return spanSeconds > 86_400 ? short.format(new Date(value)) : clock.format(new Date(value));
}

/** `3 m 12 s` style age from seconds (locale-neutral units). */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} m ${whole % 60} s`;
  return `${Math.floor(whole / 3600)} h ${Math.floor((whole % 3600) / 60)} m`;
}
