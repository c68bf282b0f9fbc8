import { describe, expect, it } from '@jest/globals';
import { leastSquares, P99_LIMIT_PERCENT_PER_HOUR, RSS_LIMIT_PERCENT_PER_HOUR, trendOf, verdictOf, type TimedValue } from './soak-trend.js';

/** An hour of samples every 10 s. */
const HOUR = Array.from({ length: 361 }, (_, i) => i * 10);

/** A fixed pseudo-random sequence in [-1, 1), so the noisy series is the same on every run. */
function noise(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return (state / 2 ** 31) * 2 - 1;
  };
}

describe('leastSquares', () => {
  it('finds the slope and intercept of a straight line, with no error', () => {
    const fit = leastSquares([
      [0, 3],
      [10, 23],
      [20, 43],
    ]);
    expect(fit?.slope).toBeCloseTo(2);
    expect(fit?.intercept).toBeCloseTo(3);
    expect(fit?.standardError).toBeCloseTo(0);
  });

  it('has no fit for fewer than two points or a single instant', () => {
    expect(leastSquares([[0, 1]])).toBeNull();
    expect(
      leastSquares([
        [5, 1],
        [5, 2],
      ]),
    ).toBeNull();
  });
});

describe('trendOf', () => {
  it('sees no growth in a flat series', () => {
    const trend = trendOf(
      'hub-api RSS',
      'MiB',
      HOUR.map((s): TimedValue => [s, 200]),
      RSS_LIMIT_PERCENT_PER_HOUR,
    );
    expect(trend).toMatchObject({ points: 181, mean: 200, slopePerHour: 0, percentPerHour: 0, growing: false });
  });

  it('measures a growing series over the second half only, per hour and as a share of its mean', () => {
    // Flat at 100 for the first half (the warm-up), then +20 MiB per hour.
    const series = HOUR.map((s): TimedValue => [s, s < 1800 ? 100 : 100 + (20 * (s - 1800)) / 3600]);
    const trend = trendOf('hub-relay RSS', 'MiB', series, RSS_LIMIT_PERCENT_PER_HOUR);
    expect(trend.slopePerHour).toBeCloseTo(20, 1);
    expect(trend.mean).toBeCloseTo(105, 1);
    expect(trend.percentPerHour).toBeCloseTo((20 / 105) * 100, 1);
    expect(trend.growing).toBe(true);
  });

  it('takes the second half from the middle of the run, which starts at 0 s', () => {
    const series: TimedValue[] = [
      [10, 100],
      [20, 100],
      [30, 101],
    ];
    expect(trendOf('hub-api RSS', 'MiB', series, RSS_LIMIT_PERCENT_PER_HOUR).points).toBe(2);
  });

  it('ignores a first half that grew while it warmed up', () => {
    const series = HOUR.map((s): TimedValue => [s, s < 1800 ? 50 + s / 20 : 140]);
    expect(trendOf('psb-adapter RSS', 'MiB', series, RSS_LIMIT_PERCENT_PER_HOUR).growing).toBe(false);
  });

  it('sees no growth in a noisy flat series, and its standard error shows the noise', () => {
    const next = noise(42);
    const series = HOUR.map((s): TimedValue => [s, 80 * (1 + 0.3 * next())]);
    const trend = trendOf('p99 latency', 'ms', series, P99_LIMIT_PERCENT_PER_HOUR);
    expect(Math.abs(trend.percentPerHour ?? Number.NaN)).toBeLessThan(P99_LIMIT_PERCENT_PER_HOUR);
    expect(trend.standardErrorPerHour).toBeGreaterThan(0);
    expect(trend.growing).toBe(false);
  });

  it('sees growth through noise', () => {
    const next = noise(7);
    const series = HOUR.map((s): TimedValue => [s, 80 + (40 * s) / 3600 + 10 * next()]);
    const trend = trendOf('p99 latency', 'ms', series, P99_LIMIT_PERCENT_PER_HOUR);
    expect(trend.slopePerHour).toBeGreaterThan(30);
    expect(trend.slopePerHour).toBeLessThan(50);
    expect(trend.growing).toBe(true);
  });

  it('leaves out windows without a value, and has no slope when too few are left', () => {
    const series = HOUR.map((s): TimedValue => [s, s === 3600 ? 90 : Number.NaN]);
    expect(trendOf('p99 latency', 'ms', series, P99_LIMIT_PERCENT_PER_HOUR)).toMatchObject({
      points: 1,
      mean: 90,
      slopePerHour: null,
      percentPerHour: null,
      growing: false,
    });
  });
});

describe('verdictOf', () => {
  it('does not call a series without a slope flat', () => {
    const lonely = trendOf('p99 latency', 'ms', [[10, 90]], P99_LIMIT_PERCENT_PER_HOUR);
    expect(verdictOf([lonely])).toEqual({
      growthTrend: false,
      text: 'no growth trend seen, but too few samples in the second half to judge p99 latency',
    });
  });

  it('says "no growth trend" when no series grows past its limit', () => {
    const flat = trendOf(
      'hub-api RSS',
      'MiB',
      HOUR.map((s): TimedValue => [s, 200]),
      RSS_LIMIT_PERCENT_PER_HOUR,
    );
    expect(verdictOf([flat])).toEqual({ growthTrend: false, text: 'no growth trend' });
  });

  it('names each growing series with its numbers', () => {
    const flat = trendOf(
      'hub-api RSS',
      'MiB',
      HOUR.map((s): TimedValue => [s, 200]),
      RSS_LIMIT_PERCENT_PER_HOUR,
    );
    const growing = trendOf(
      'hub-relay RSS',
      'MiB',
      HOUR.map((s): TimedValue => [s, 100 + s / 360]),
      RSS_LIMIT_PERCENT_PER_HOUR,
    );
    const verdict = verdictOf([flat, growing]);
    expect(verdict.growthTrend).toBe(true);
    expect(verdict.text).toBe('growth trend: hub-relay RSS +9.3 %/h (10 MiB/h over a mean of 107.5 MiB; limit 5 %/h)');
  });
});
