import { describe, expect, it } from '@jest/globals';
import { shapeResult, summarizeLatency, type BenchRunFigures, type LatencyPhase } from './bench-result.js';
import { readBenchSettings } from './bench-settings.js';
import { dueAtMs } from './fixed-load.js';
import { hubProcessPlan } from './hub-processes.js';

/** `count` events offered at `rate`/s in requests of `perRequest`, each stored `toStored` ms and recorded `toRecorded` ms after its request was due. */
function samples(count: number, rate: number, perRequest: number, toStored: (n: number) => number, toRecorded: (n: number) => number) {
  const sentAt = new Map<string, number>();
  const storedAt = new Map<string, number>();
  const recordedAt = new Map<string, number>();
  for (let n = 0; n < count; n += 1) {
    const due = 1_000_000 + dueAtMs(n - (n % perRequest), perRequest, rate);
    sentAt.set(`e${n}`, due);
    storedAt.set(`e${n}`, due + toStored(n));
    recordedAt.set(`e${n}`, due + toRecorded(n));
  }
  return { sentAt, storedAt, recordedAt };
}

describe('summarizeLatency', () => {
  it('splits the latency into publish → stored and stored → recorded, and sees a hub that keeps up', () => {
    const phase = summarizeLatency(
      samples(
        1000,
        1000,
        10,
        () => 5,
        (n) => (n === 999 ? 400 : 20),
      ),
      { offered: 1000, eventsPerRequest: 10, rejectedEvents: 0, generatorBehindMs: 1.26 },
    );
    expect(phase).toMatchObject({ events: 1000, p50Ms: 20, p99Ms: 20, maxMs: 400, overloaded: false, generatorBehindMs: 1.3 });
    expect(phase.stages).toEqual({ publishToStored: { p50Ms: 5, p99Ms: 5 }, storedToRecorded: { p50Ms: 15, p99Ms: 15 } });
    expect(Math.abs(phase.achievedEventsPerSecond - 1000)).toBeLessThan(20);
  });

  it('reports the achieved rate and the queueing latency of a hub that falls behind, marked overloaded', () => {
    // Offered 5,000/s for 1 s; the hub records 2,000/s, so event n is recorded at n / 2 ms after the start.
    const phase = summarizeLatency(
      samples(
        5000,
        5000,
        10,
        () => 1,
        (n) => n / 2 - n / 5,
      ),
      { offered: 5000, eventsPerRequest: 10, rejectedEvents: 0, generatorBehindMs: 0 },
    );
    expect(phase.overloaded).toBe(true);
    expect(phase.achievedEventsPerSecond).toBeGreaterThan(1900);
    expect(phase.achievedEventsPerSecond).toBeLessThan(2100);
    expect(phase.p99Ms).toBeGreaterThan(1400);
  });

  it('counts refused requests as overload', () => {
    const phase = summarizeLatency(
      samples(
        100,
        100,
        10,
        () => 1,
        () => 2,
      ),
      { offered: 100, eventsPerRequest: 10, rejectedEvents: 10, generatorBehindMs: 0 },
    );
    expect(phase).toMatchObject({ overloaded: true, rejectedEvents: 10 });
  });
});

describe('shapeResult', () => {
  const phase = (p99Ms: number): LatencyPhase =>
    summarizeLatency(
      samples(
        100,
        100,
        10,
        () => 1,
        () => p99Ms,
      ),
      { offered: 100, eventsPerRequest: 10, rejectedEvents: 0, generatorBehindMs: 0 },
    );
  const settings = readBenchSettings(['--no-dispatcher'], {});
  const figures: BenchRunFigures = {
    date: new Date('2026-12-04T10:00:00Z'),
    machine: { cpus: 2 },
    settings,
    processes: hubProcessPlan(settings, ['api', 'relay', 'audit']),
    baseline: { events: 100_000, seconds: 4 },
    latencyAtFixedLoad: phase(30),
    latencyAtHighLoad: phase(90),
    singleEvents: { requests: 10_000, accepted: 10_000, seconds: 5, concurrency: 16 },
    slice: { events: 100_000, seconds: 10, acceptedAfterSeconds: 9 },
    stored: undefined,
    peakRss: {
      hub: [
        { group: 'hubApi', name: 'hub-api', mib: [80, 210, 190] },
        { group: 'hubRelay', name: 'hub-relay', mib: [150] },
      ],
      psbAdapter: 170,
    },
  };

  it('keeps the keys earlier runs reported and adds the new ones', () => {
    const result = shapeResult(figures);
    expect(result.baseline.eventsPerSecond).toBe(25_000);
    expect(result.slice.eventsPerSecond).toBe(10_000);
    expect(result.ratioSliceToBaseline).toBe(0.4);
    expect(result.latencyAtFixedLoad.p99Ms).toBe(30);
    expect(result.latencyAt5000.p99Ms).toBe(90);
    expect(result.latencyAt5000.stages.storedToRecorded.p99Ms).toBe(89);
    expect(result.singleEventRequestsPerSecond).toBe(2_000);
    expect(result.stored).toEqual({ events: 0, eventsPerSecond: null });
    expect(result.settings.processes).toEqual([
      { name: 'hub-api', roles: 'api', HUB_API_PROCESSES: '1' },
      { name: 'hub-relay', roles: 'relay,audit' },
    ]);
  });

  it('reports each group by its largest process, and hubDispatch null when no dispatcher ran', () => {
    expect(shapeResult(figures).peakRssMiB).toEqual({
      hubApi: 210,
      hubRelay: 150,
      hubDispatch: null,
      psbAdapter: 170,
      processes: { 'hub-api': [80, 210, 190], 'hub-relay': [150] },
    });
  });

  it('puts the stored figure beside the empty-database one of the same run', () => {
    const stored = {
      events: 10_000_000,
      preloadSeconds: 300,
      preloaded: { eventsRows: 10_100_000 },
      slice: { events: 100_000, seconds: 11, acceptedAfterSeconds: 10 },
    };
    expect(shapeResult({ ...figures, stored }).stored).toMatchObject({
      events: 10_000_000,
      eventsPerSecond: 9_091,
      emptyEventsPerSecond: 10_000,
      ratioToEmpty: 0.909,
      preloadSeconds: 300,
    });
  });
});
