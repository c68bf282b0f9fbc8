import type { BenchSettings } from './bench-settings.js';
import type { HubProcess, HubProcessGroup } from './hub-processes.js';
import { percentile } from './measure.js';

/** An offered load below which the hub counts as keeping up: it recorded at least this share of the offered rate. */
export const KEEPING_UP_SHARE = 0.95;

/** Times (ms since the epoch) of the events of one fixed-load phase, by event id. */
export interface LatencySamples {
  /** When each accepted event's request was due. */
  readonly sentAt: ReadonlyMap<string, number>;
  /** When the hub stored it (events.received_at). */
  readonly storedAt: ReadonlyMap<string, number>;
  /** When the adapter recorded it (its inbox row's received_at). */
  readonly recordedAt: ReadonlyMap<string, number>;
}

export interface LatencyPhase {
  readonly offeredEventsPerSecond: number;
  /** Events recorded per second over the middle 90 % of the records: the offered rate when the hub keeps up. */
  readonly achievedEventsPerSecond: number;
  /** True when the hub recorded less than 95 % of the offered rate or refused requests: the latencies are then queueing. */
  readonly overloaded: boolean;
  readonly eventsPerRequest: number;
  readonly events: number;
  readonly rejectedEvents: number;
  readonly generatorBehindMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly stages: {
    readonly publishToStored: { readonly p50Ms: number; readonly p99Ms: number };
    readonly storedToRecorded: { readonly p50Ms: number; readonly p99Ms: number };
  };
}

const sortedDifferences = (to: ReadonlyMap<string, number>, from: ReadonlyMap<string, number>): number[] =>
  [...to]
    .flatMap(([id, at]) => {
      const start = from.get(id);
      return start === undefined ? [] : [at - start];
    })
    .sort((a, b) => a - b);

const round1 = (value: number): number => Math.round(value * 10) / 10;

/**
 * Events recorded per second over the middle 90 % of the records: a hub that keeps up records at
 * the offered rate whatever its latency, one that falls behind at its own pace; a few slow events
 * at either end do not change the figure.
 */
function recordingRate(sortedRecordTimes: readonly number[]): number {
  const span = percentile(sortedRecordTimes, 95) - percentile(sortedRecordTimes, 5);
  return (0.9 * sortedRecordTimes.length) / (span / 1000);
}

/** The latency figures of one fixed-load phase: end to end, by stage, and whether the hub kept up. */
export function summarizeLatency(
  samples: LatencySamples,
  load: { offered: number; eventsPerRequest: number; rejectedEvents: number; generatorBehindMs: number },
): LatencyPhase {
  const total = sortedDifferences(samples.recordedAt, samples.sentAt);
  const toStored = sortedDifferences(samples.storedAt, samples.sentAt);
  const toRecorded = sortedDifferences(samples.recordedAt, samples.storedAt);
  const achieved = recordingRate([...samples.recordedAt.values()].sort((a, b) => a - b));
  return {
    offeredEventsPerSecond: load.offered,
    achievedEventsPerSecond: Math.round(Number.isFinite(achieved) ? achieved : load.offered),
    overloaded: !(achieved >= KEEPING_UP_SHARE * load.offered) || load.rejectedEvents > 0,
    eventsPerRequest: load.eventsPerRequest,
    events: total.length,
    rejectedEvents: load.rejectedEvents,
    generatorBehindMs: round1(load.generatorBehindMs),
    p50Ms: round1(percentile(total, 50)),
    p99Ms: round1(percentile(total, 99)),
    maxMs: round1(percentile(total, 100)),
    stages: {
      publishToStored: { p50Ms: round1(percentile(toStored, 50)), p99Ms: round1(percentile(toStored, 99)) },
      storedToRecorded: { p50Ms: round1(percentile(toRecorded, 50)), p99Ms: round1(percentile(toRecorded, 99)) },
    },
  };
}

/** One slice: `events` through the whole path, timed until the adapter recorded the last. */
export interface SliceRun {
  readonly events: number;
  readonly seconds: number;
  readonly acceptedAfterSeconds: number;
  /** CPU time per event over the slice, in ms, by process group and for the whole machine (cpuPerEvent). */
  readonly cpuMsPerEvent?: Readonly<Record<string, number>>;
}

export interface StoredRun {
  readonly events: number;
  readonly preloadSeconds: number;
  /** What the preload wrote, table by table (rows), and its size on disk. */
  readonly preloaded: Readonly<Record<string, number>>;
  readonly slice: SliceRun;
}

export interface BenchRunFigures {
  readonly date: Date;
  readonly machine: Readonly<Record<string, unknown>>;
  readonly settings: BenchSettings;
  readonly processes: readonly HubProcess[];
  readonly baseline: { readonly events: number; readonly seconds: number };
  readonly latencyAtFixedLoad: LatencyPhase;
  readonly latencyAtHighLoad: LatencyPhase;
  readonly singleEvents: { readonly requests: number; readonly accepted: number; readonly seconds: number; readonly concurrency: number };
  readonly slice: SliceRun;
  readonly stored: StoredRun | undefined;
  /** Peak RSS (MiB) of every process that ran, by name; a hub group's processes by group. */
  readonly peakRss: {
    readonly hub: readonly { group: HubProcessGroup; name: string; mib: readonly number[] }[];
    readonly psbAdapter: number;
  };
}

const rate = (run: { events: number; seconds: number }): number => Math.round(run.events / run.seconds);

/**
 * The results file: the keys every earlier run reported (`baseline.eventsPerSecond`,
 * `slice.eventsPerSecond`, `ratioSliceToBaseline`, `latencyAtFixedLoad.*`, `peakRssMiB.*`) plus
 * `latencyAt5000`, `singleEventRequestsPerSecond` and `stored`, so runs stay comparable.
 */
export function shapeResult(figures: BenchRunFigures) {
  const baselineRate = figures.baseline.events / figures.baseline.seconds;
  const sliceRate = figures.slice.events / figures.slice.seconds;
  const groupPeak = (group: HubProcessGroup): number | null => {
    const peaks = figures.peakRss.hub.filter((p) => p.group === group).flatMap((p) => p.mib);
    return peaks.length === 0 ? null : Math.max(...peaks);
  };
  const { stored } = figures;
  return {
    date: figures.date.toISOString(),
    machine: figures.machine,
    settings: {
      ...figures.settings,
      processes: figures.processes.map(({ name, roles, env }) => ({ name, roles, ...env })),
    },
    baseline: { eventsPerSecond: Math.round(baselineRate), seconds: figures.baseline.seconds },
    slice: {
      eventsPerSecond: rate(figures.slice),
      seconds: figures.slice.seconds,
      acceptedAfterSeconds: figures.slice.acceptedAfterSeconds,
      ...(figures.slice.cpuMsPerEvent ? { cpuMsPerEvent: figures.slice.cpuMsPerEvent } : {}),
    },
    ratioSliceToBaseline: Number((sliceRate / baselineRate).toFixed(3)),
    latencyAtFixedLoad: figures.latencyAtFixedLoad,
    latencyAt5000: figures.latencyAtHighLoad,
    singleEventRequestsPerSecond: Math.round(figures.singleEvents.accepted / figures.singleEvents.seconds),
    singleEventRequests: figures.singleEvents,
    stored: stored
      ? {
          events: stored.events,
          eventsPerSecond: rate(stored.slice),
          emptyEventsPerSecond: rate(figures.slice),
          ratioToEmpty: Number((stored.slice.events / stored.slice.seconds / sliceRate).toFixed(3)),
          slice: stored.slice,
          preloadSeconds: stored.preloadSeconds,
          preloaded: stored.preloaded,
        }
      : { events: 0, eventsPerSecond: null },
    peakRssMiB: {
      hubApi: groupPeak('hubApi'),
      hubRelay: groupPeak('hubRelay'),
      hubDispatch: groupPeak('hubDispatch'),
      psbAdapter: figures.peakRss.psbAdapter,
      processes: Object.fromEntries(figures.peakRss.hub.map((p) => [p.name, p.mib])),
    },
  };
}

export type BenchResult = ReturnType<typeof shapeResult>;
