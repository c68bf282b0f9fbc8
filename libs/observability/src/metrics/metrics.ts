import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type Aggregator } from 'prom-client';

/** Seconds buckets of OpenTelemetry's duration histograms (`http.server.request.duration`, `messaging.process.duration`). */
export const DURATION_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** A gauge read from a query when `/metrics` is scraped: the labels and value of each series. */
export interface GaugeSample {
  readonly labels: Readonly<Record<string, string | number>>;
  readonly value: number;
}

/** Gauges whose values one query answers, e.g. `{ outbox_pending: [...], outbox_oldest_age: [...] }`. */
export type GaugeReading = Readonly<Record<string, readonly GaugeSample[]>>;

/** One gauge of a scrape-time reading. */
export interface ScrapedGauge {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
}

/**
 * One app's Prometheus registry: its process metrics and its own counters, gauges and histograms.
 * Metrics are created once by name and shared by whoever asks for the same name, so two modules of
 * a process can count into the same series. Counters are in-memory increments (nothing on the hot
 * path touches the database); gauges that need a query are read when scraped, through `scraped`,
 * with a short cache so that several scrapers (or a cluster's processes) do not multiply the queries.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly created = new Map<string, Counter | Gauge | Histogram>();

  /** @param app the `app` label every series carries (`hub`, `linkage`, `psb-adapter`). */
  constructor(readonly app: string) {
    this.registry.setDefaultLabels({ app });
    collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return this.getOrCreate(name, () => new Counter({ name, help, labelNames, registers: [this.registry] })) as Counter<L>;
  }

  histogram<L extends string>(name: string, help: string, labelNames: readonly L[] = [], buckets = DURATION_BUCKETS): Histogram<L> {
    return this.getOrCreate(
      name,
      () => new Histogram({ name, help, labelNames, buckets: [...buckets], registers: [this.registry] }),
    ) as Histogram<L>;
  }

  /**
   * A gauge set by the code that knows the value. `aggregator` says how a cluster's processes
   * combine: `sum` for what each process holds, `max` for what every process reads alike.
   */
  gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = [], aggregator: Aggregator = 'sum'): Gauge<L> {
    return this.getOrCreate(name, () => new Gauge({ name, help, labelNames, aggregator, registers: [this.registry] })) as Gauge<L>;
  }

  /**
   * Gauges read by `read` when scraped, at most once per `cacheMs` (the last reading is served
   * in between). A reading that fails leaves the gauges empty for that scrape and counts in
   * `metrics_scrape_errors_total{collector}` (seen from the next scrape on, as metrics are collected
   * side by side), so a database outage never fails `/metrics` itself.
   */
  scraped(collector: string, gauges: readonly ScrapedGauge[], read: () => Promise<GaugeReading>, cacheMs = 5_000): void {
    const errors = this.counter('metrics_scrape_errors_total', 'Scrape-time readings that failed, by collector.', ['collector']);
    let cached: { at: number; reading: Promise<GaugeReading | undefined> } | undefined;
    const current = (): Promise<GaugeReading | undefined> => {
      const now = Date.now();
      if (!cached || now - cached.at >= cacheMs) {
        const reading = read().catch(() => {
          errors.inc({ collector });
          cached = undefined;
          return undefined;
        });
        cached = { at: now, reading };
      }
      return cached.reading;
    };
    for (const spec of gauges) {
      this.getOrCreate(
        spec.name,
        () =>
          new Gauge({
            name: spec.name,
            help: spec.help,
            labelNames: spec.labelNames ?? [],
            // Every process of a cluster reads the same rows: they must not add up.
            aggregator: 'max',
            registers: [this.registry],
            async collect() {
              const samples = (await current())?.[spec.name] ?? [];
              this.reset();
              for (const sample of samples) this.set(sample.labels, sample.value);
            },
          }),
      );
    }
  }

  /** The Prometheus text exposition of this registry. */
  expose(): Promise<string> {
    return this.registry.metrics();
  }

  private getOrCreate(name: string, create: () => Counter | Gauge | Histogram): Counter | Gauge | Histogram {
    const existing = this.created.get(name);
    if (existing) return existing;
    const metric = create();
    this.created.set(name, metric);
    return metric;
  }
}
