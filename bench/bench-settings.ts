/** Benchmark knobs, from the environment; the defaults are the figures the README reports. */
export interface BenchSettings {
  readonly events: number;
  readonly httpBatchSize: number;
  readonly httpConcurrency: number;
  readonly latencyRate: number;
  readonly latencySeconds: number;
  readonly latencyEventsPerRequest: number;
  readonly kafkaPort: number;
  /** A PostgreSQL server to create the benchmark's databases on. */
  readonly databaseServerUrl: string;
  /** When set, the hub and the adapter write V8 CPU profiles there (for finding hot spots). */
  readonly profileDir: string | undefined;
  /** When set, every measured event's send time and latency go to this file, one per line. */
  readonly latencyDump: string | undefined;
}

export function readBenchSettings(env: Record<string, string | undefined> = process.env): BenchSettings {
  const num = (name: string, fallback: number): number => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${env[name]}`);
    return value;
  };
  return {
    events: num('BENCH_EVENTS', 100_000),
    httpBatchSize: num('BENCH_HTTP_BATCH', 500),
    httpConcurrency: num('BENCH_HTTP_CONCURRENCY', 4),
    latencyRate: num('BENCH_LATENCY_RATE', 1_000),
    latencySeconds: num('BENCH_LATENCY_SECONDS', 30),
    latencyEventsPerRequest: num('BENCH_LATENCY_EVENTS_PER_REQUEST', 10),
    kafkaPort: num('BENCH_KAFKA_PORT', 49092),
    databaseServerUrl: env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    profileDir: env['BENCH_PROFILE_DIR'],
    latencyDump: env['BENCH_LATENCY_DUMP'],
  };
}
