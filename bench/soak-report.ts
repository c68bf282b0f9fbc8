import { KEEPING_UP_SHARE } from './bench-result.js';
import type { SoakSample } from './soak-sample.js';
import { P99_LIMIT_PERCENT_PER_HOUR, RSS_LIMIT_PERCENT_PER_HOUR, trendOf, type SeriesTrend } from './soak-trend.js';

/** What the load did over the whole run. */
export interface SoakTotals {
  readonly seconds: number;
  readonly offeredPerSecond: number;
  readonly sent: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly firstRejection: string | undefined;
  /** Events the adapter recorded by the end of the load. */
  readonly recorded: number;
  readonly generatorBehindMs: number;
}

/** Whether the hub took and delivered the offered rate: accepted and recorded at 95 % of it or more, nothing refused. */
export interface Sustained {
  readonly sustained: boolean;
  readonly acceptedPerSecond: number;
  readonly recordedPerSecond: number;
  readonly text: string;
}

export function sustainedOf(totals: SoakTotals): Sustained {
  const acceptedPerSecond = Math.round((totals.accepted / totals.seconds) * 10) / 10;
  const recordedPerSecond = Math.round((totals.recorded / totals.seconds) * 10) / 10;
  const floor = KEEPING_UP_SHARE * totals.offeredPerSecond;
  const sustained = totals.rejected === 0 && acceptedPerSecond >= floor && recordedPerSecond >= floor;
  const achieved = `accepted ${acceptedPerSecond} events/s, recorded by the adapter ${recordedPerSecond} events/s, offered ${totals.offeredPerSecond}`;
  const refused = totals.rejected > 0 ? `; ${totals.rejected} events refused, the first answer: ${totals.firstRejection}` : '';
  return {
    sustained,
    acceptedPerSecond,
    recordedPerSecond,
    text: `${sustained ? 'offered rate sustained' : 'offered rate NOT sustained'}: ${achieved}${refused}`,
  };
}

/** The trend of each process's RSS and of the p99 latency, over the second half of the samples. */
export function trendsOf(samples: readonly SoakSample[]): SeriesTrend[] {
  const processes = [...new Set(samples.flatMap((sample) => Object.keys(sample.rssMiB)))];
  return [
    ...processes.map((name) =>
      trendOf(
        `${name} RSS`,
        'MiB',
        samples.map((sample) => [sample.seconds, sample.rssMiB[name] ?? Number.NaN] as const),
        RSS_LIMIT_PERCENT_PER_HOUR,
      ),
    ),
    trendOf(
      'p99 latency',
      'ms',
      samples.map((sample) => [sample.seconds, sample.p99Ms ?? Number.NaN] as const),
      P99_LIMIT_PERCENT_PER_HOUR,
    ),
  ];
}

/** The printed summary: RSS start → end per process, p99, achieved rate, the verdicts. */
export function summaryLines(
  samples: readonly SoakSample[],
  trends: readonly SeriesTrend[],
  sustained: Sustained,
  verdict: string,
): string[] {
  const first = samples[0];
  const last = samples.at(-1);
  const p99s = samples.flatMap((sample) => (sample.p99Ms === null ? [] : [sample.p99Ms]));
  const rss = Object.keys(last?.rssMiB ?? {}).map((name) => `${name} ${first?.rssMiB[name] ?? '?'} → ${last?.rssMiB[name] ?? '?'}`);
  return [
    `RSS (MiB, first → last sample): ${rss.join(', ')}`,
    `p99 per window: ${p99s.length > 0 ? `${Math.min(...p99s)}–${Math.max(...p99s)} ms, last ${p99s.at(-1)} ms` : 'no events recorded'}`,
    `max consumer lag ${Math.max(0, ...samples.map((s) => s.consumerLag))} records, max outbox depth ${Math.max(0, ...samples.map((s) => s.outboxDepth))} rows`,
    ...trends.map(
      (trend) =>
        `  ${trend.series}: slope ${trend.slopePerHour ?? '—'} ${trend.unit}/h (±${trend.standardErrorPerHour ?? '—'}), ` +
        `${trend.percentPerHour ?? '—'} %/h of its mean ${trend.mean ?? '—'} (limit ${trend.limitPercentPerHour} %/h)`,
    ),
    sustained.text,
    verdict,
  ];
}
