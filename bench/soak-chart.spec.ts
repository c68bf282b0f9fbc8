import { describe, expect, it } from '@jest/globals';
import { niceTicks, soakChart } from './soak-chart.js';
import type { SoakSample } from './soak-sample.js';

const samples: SoakSample[] = [10, 20, 30].map((seconds, i) => ({
  seconds,
  rssMiB: { 'hub-api': 200 + i, 'hub-relay': 180, 'psb-adapter': 150 - i },
  recordedEvents: 10_000,
  p50Ms: 60,
  p99Ms: i === 1 ? null : 240 + i,
  consumerLag: 10 * i,
  outboxDepth: 20,
  offeredPerSecond: 1_000,
  acceptedPerSecond: 1_000,
  recordedPerSecond: 1_000,
}));

describe('soakChart', () => {
  const svg = soakChart('Soak <1,000 events/s> & more', samples);

  it('is one self-contained SVG document with its title escaped', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<svg/g)).toHaveLength(1);
    expect(svg).not.toMatch(/href=|<script|<image/);
    expect(svg).toContain('Soak &lt;1,000 events/s&gt; &amp; more');
    // Every element opened is closed or self-closing.
    const opened = (svg.match(/<(?!\/)[a-z]+[^>]*[^/]>/g) ?? []).length;
    expect(opened).toBe((svg.match(/<\/[a-z]+>/g) ?? []).length);
  });

  it('draws RSS per process, p99 and p50, consumer lag and outbox depth, each in the legend', () => {
    for (const series of ['hub-api', 'hub-relay', 'psb-adapter', 'p99', 'p50', 'consumer lag (adapter group)', 'outbox depth']) {
      expect(svg).toContain(`data-series="${series}"`);
      expect(svg).toContain(`■ ${series}`);
    }
  });

  it('labels its panels, units and time axis', () => {
    for (const label of ['RSS per process', 'publish → recorded by the adapter', 'backlog', '>MiB<', '>ms<', '>records<', '30 s']) {
      expect(svg).toContain(label);
    }
  });

  it('plots one point per sample, leaving out windows without a value', () => {
    const points = (series: string): number =>
      (new RegExp(`data-series="${series}"[^>]*points="([^"]*)"`).exec(svg)?.[1] ?? '').split(' ').filter(Boolean).length;
    expect(points('hub-api')).toBe(3);
    expect(points('p99')).toBe(2);
  });

  it('marks an hour-long run in round minutes', () => {
    const hour = soakChart(
      'hour',
      samples.map((sample, i) => ({ ...sample, seconds: 1200 * (i + 1) })),
    );
    for (const label of ['>0 s<', '>20 min<', '>40 min<', '>60 min<']) expect(hour).toContain(label);
  });

  it('still draws its axes with no samples', () => {
    expect(soakChart('empty', [])).toContain('RSS per process');
  });
});

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten, up to the first tick at or above the maximum', () => {
    expect(niceTicks(193)).toEqual([0, 50, 100, 150, 200]);
    expect(niceTicks(283.4)).toEqual([0, 100, 200, 300]);
    expect(niceTicks(1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(3600)).toEqual([0, 1000, 2000, 3000, 4000]);
  });
});
