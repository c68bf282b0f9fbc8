import { describe, expect, it } from '@jest/globals';
import { parsePrometheusText, sumOf } from '@hub/testing';
import { Metrics } from './metrics.js';

describe('Metrics', () => {
  it('shares a metric by name and labels every series with the app', async () => {
    const metrics = new Metrics('test-app');
    metrics.counter('things_total', 'Things.', ['kind']).inc({ kind: 'a' });
    metrics.counter('things_total', 'Things.', ['kind']).inc({ kind: 'a' }, 2);
    const samples = parsePrometheusText(await metrics.expose());
    expect(samples.filter((sample) => sample.name === 'things_total')).toEqual([
      { name: 'things_total', labels: { kind: 'a', app: 'test-app' }, value: 3 },
    ]);
    expect(sumOf(samples, 'nodejs_version_info')).toBe(1);
  });

  it('reads scraped gauges at most once per cache period, and again after it', async () => {
    const metrics = new Metrics('test-app');
    let reads = 0;
    metrics.scraped(
      'rows',
      [{ name: 'rows', help: 'Rows.', labelNames: ['table'] }],
      () => {
        reads += 1;
        return Promise.resolve({ rows: [{ labels: { table: 't' }, value: reads * 10 }] });
      },
      60_000,
    );
    const first = parsePrometheusText(await metrics.expose());
    const second = parsePrometheusText(await metrics.expose());
    expect(reads).toBe(1);
    expect(sumOf(first, 'rows', { table: 't' })).toBe(10);
    expect(sumOf(second, 'rows', { table: 't' })).toBe(10);

    const fresh = new Metrics('test-app');
    let freshReads = 0;
    fresh.scraped('rows', [{ name: 'rows', help: 'Rows.' }], () => Promise.resolve({ rows: [{ labels: {}, value: ++freshReads }] }), 0);
    await fresh.expose();
    expect(sumOf(parsePrometheusText(await fresh.expose()), 'rows')).toBe(2);
  });

  it('serves the other metrics when a reading fails, counting the failure, and clears series gone since', async () => {
    const metrics = new Metrics('test-app');
    let fail = false;
    metrics.scraped(
      'db',
      [{ name: 'pending', help: 'Pending.', labelNames: ['queue'] }],
      () => (fail ? Promise.reject(new Error('database away')) : Promise.resolve({ pending: [{ labels: { queue: 'q' }, value: 4 }] })),
      0,
    );
    expect(sumOf(parsePrometheusText(await metrics.expose()), 'pending')).toBe(4);
    fail = true;
    const samples = parsePrometheusText(await metrics.expose());
    expect(samples.filter((sample) => sample.name === 'pending')).toEqual([]);
    // Metrics are collected side by side: the failure shows from the next scrape on.
    expect(sumOf(parsePrometheusText(await metrics.expose()), 'metrics_scrape_errors_total', { collector: 'db' })).toBeGreaterThanOrEqual(
      1,
    );
  });
});
