import { invalidInput } from './console.errors.js';

/** The time ranges the console's timed pages offer. */
export const TIME_RANGES = { '1h': 3_600, '24h': 86_400, '7d': 604_800 } as const;
export type TimeRange = keyof typeof TIME_RANGES;

/** A page's time window, with the step its series are summed into (at most ~360 points per series). */
export interface Window {
  readonly from: Date;
  readonly to: Date;
  readonly stepSeconds: number;
}

const STEP_SECONDS: Readonly<Record<TimeRange, number>> = { '1h': 60, '24h': 300, '7d': 1800 };

/** `range` of the query string (default 1h) as a window ending at the current minute's end. */
export function windowOf(range: unknown, now = new Date()): Window {
  const chosen = range === undefined || range === '' ? '1h' : range;
  if (typeof chosen !== 'string' || !(chosen in TIME_RANGES)) {
    throw invalidInput('range', 'must be 1h, 24h or 7d', '必须是 1h、24h 或 7d');
  }
  const key = chosen as TimeRange;
  const stepSeconds = STEP_SECONDS[key];
  const to = new Date(Math.ceil(now.getTime() / 60_000) * 60_000);
  return { from: new Date(to.getTime() - TIME_RANGES[key] * 1000), to, stepSeconds };
}
