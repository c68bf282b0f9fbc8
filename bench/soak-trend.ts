/** A sampled value at `seconds` after the load started; NaN where the window had nothing to measure. */
export type TimedValue = readonly [seconds: number, value: number];

/** What a series does over the second half of the run. */
export interface SeriesTrend {
  readonly series: string;
  readonly unit: string;
  /** Samples in the second half that had a value. */
  readonly points: number;
  readonly mean: number | null;
  /** Least-squares slope, in the series' unit per hour. */
  readonly slopePerHour: number | null;
  /** The slope's standard error, per hour: how far noise alone moves it. */
  readonly standardErrorPerHour: number | null;
  /** The slope as a share of the mean, in % per hour. */
  readonly percentPerHour: number | null;
  /** The growth this series may show before the verdict calls it a trend, in % of its mean per hour. */
  readonly limitPercentPerHour: number;
  readonly growing: boolean;
}

/** RSS may grow by less than 5 % of its mean per hour, p99 latency by less than 10 %. */
export const RSS_LIMIT_PERCENT_PER_HOUR = 5;
export const P99_LIMIT_PERCENT_PER_HOUR = 10;

/** Least-squares fit of value over seconds: slope (per second), intercept and the slope's standard error. */
export function leastSquares(points: readonly TimedValue[]): { slope: number; intercept: number; standardError: number } | null {
  const n = points.length;
  if (n < 2) return null;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const sxx = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  if (sxx === 0) return null;
  const slope = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0) / sxx;
  const intercept = meanY - slope * meanX;
  const residuals = points.reduce((sum, [x, y]) => sum + (y - intercept - slope * x) ** 2, 0);
  const standardError = n > 2 ? Math.sqrt(residuals / (n - 2) / sxx) : 0;
  return { slope, intercept, standardError };
}

/** The samples from the middle of the run on (the run starts at 0 s and ends at the last sample), those with a value. */
export function secondHalf(points: readonly TimedValue[]): TimedValue[] {
  const middle = (points.at(-1)?.[0] ?? 0) / 2;
  return points.filter(([seconds, value]) => seconds >= middle && Number.isFinite(value));
}

/** The trend of one series over the second half: its slope per hour against `limitPercentPerHour` of its mean. */
export function trendOf(series: string, unit: string, points: readonly TimedValue[], limitPercentPerHour: number): SeriesTrend {
  const half = secondHalf(points);
  const fit = leastSquares(half);
  const mean = half.length > 0 ? half.reduce((sum, [, value]) => sum + value, 0) / half.length : null;
  const slopePerHour = fit ? fit.slope * 3600 : null;
  const percentPerHour = slopePerHour !== null && mean !== null && mean > 0 ? (slopePerHour / mean) * 100 : null;
  return {
    series,
    unit,
    points: half.length,
    mean: mean === null ? null : round(mean),
    slopePerHour: slopePerHour === null ? null : round(slopePerHour),
    standardErrorPerHour: fit ? round(fit.standardError * 3600) : null,
    percentPerHour: percentPerHour === null ? null : round(percentPerHour),
    limitPercentPerHour,
    growing: percentPerHour !== null && percentPerHour >= limitPercentPerHour,
  };
}

/** "no growth trend", or which series grow and by how much. */
export function verdictOf(trends: readonly SeriesTrend[]): { growthTrend: boolean; text: string } {
  const growing = trends.filter((trend) => trend.growing);
  const unjudged = trends.filter((trend) => trend.percentPerHour === null).map((trend) => trend.series);
  if (growing.length === 0 && unjudged.length > 0) {
    return { growthTrend: false, text: `no growth trend seen, but too few samples in the second half to judge ${unjudged.join(', ')}` };
  }
  if (growing.length === 0) return { growthTrend: false, text: 'no growth trend' };
  const described = growing.map(
    (trend) =>
      `${trend.series} +${trend.percentPerHour} %/h (${trend.slopePerHour} ${trend.unit}/h over a mean of ${trend.mean} ${trend.unit}; ` +
      `limit ${trend.limitPercentPerHour} %/h)`,
  );
  return { growthTrend: true, text: `growth trend: ${described.join('; ')}` };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
