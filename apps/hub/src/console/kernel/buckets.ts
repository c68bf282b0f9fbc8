import type { Window } from './time-range.js';

/** The start of each step of the window, as epoch seconds. */
export function bucketsOf(window: Window): number[] {
  const from = Math.floor(window.from.getTime() / 1000 / window.stepSeconds) * window.stepSeconds;
  const to = window.to.getTime() / 1000;
  const buckets: number[] = [];
  for (let at = from; at < to; at += window.stepSeconds) buckets.push(at);
  return buckets;
}

export const isoMinute = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString();
