import { Command, InvalidArgumentError, Option } from 'commander';

/** Benchmark knobs, from the command line or the environment; the defaults are the figures the README reports. */
export interface BenchSettings {
  readonly events: number;
  readonly httpBatchSize: number;
  readonly httpConcurrency: number;
  readonly latencyRate: number;
  readonly latencySeconds: number;
  readonly latencyEventsPerRequest: number;
  /** The second fixed load (reported as `latencyAt5000`), offered like the first. */
  readonly highLatencyRate: number;
  /** Single-event requests (one event per request, keep-alive), and how many are in flight at once. */
  readonly singleEvents: number;
  readonly singleConcurrency: number;
  /** Events preloaded into the hub's tables before the slice runs again; 0 skips the stored phase. */
  readonly stored: number;
  /** Relay processes; the first one also runs the audit role. */
  readonly relays: number;
  /** Passed to the API process as HUB_API_PROCESSES (the API as several processes behind one port). */
  readonly apiProcesses: number;
  /** Whether a dispatcher process runs; `auto` when the hub still has a dispatch role. */
  readonly dispatcher: boolean | 'auto';
  readonly kafkaPort: number;
  /** A PostgreSQL server to create the benchmark's databases on. */
  readonly databaseServerUrl: string;
  /** When set, the hub and the adapter write V8 CPU profiles there (for finding hot spots). */
  readonly profileDir: string | undefined;
  /** When set, every measured event's send time and latency go to this file, one per line. */
  readonly latencyDump: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;
type NumberKey = { [K in keyof BenchSettings]: BenchSettings[K] extends number ? K : never }[keyof BenchSettings];

interface NumberOption {
  readonly key: NumberKey;
  readonly flag: string;
  readonly env: string;
  readonly fallback: number;
  readonly zeroAllowed?: boolean;
  readonly help: string;
}

const NUMBER_OPTIONS: readonly NumberOption[] = [
  { key: 'events', flag: '--events', env: 'BENCH_EVENTS', fallback: 100_000, help: 'events in the baseline and in each slice' },
  { key: 'httpBatchSize', flag: '--http-batch', env: 'BENCH_HTTP_BATCH', fallback: 500, help: 'events per HTTP request in the slice' },
  { key: 'httpConcurrency', flag: '--http-concurrency', env: 'BENCH_HTTP_CONCURRENCY', fallback: 4, help: 'slice requests in flight' },
  { key: 'latencyRate', flag: '--latency-rate', env: 'BENCH_LATENCY_RATE', fallback: 1_000, help: 'events/s offered in the latency phase' },
  { key: 'latencySeconds', flag: '--latency-seconds', env: 'BENCH_LATENCY_SECONDS', fallback: 30, help: 'length of each fixed-load phase' },
  {
    key: 'latencyEventsPerRequest',
    flag: '--latency-events-per-request',
    env: 'BENCH_LATENCY_EVENTS_PER_REQUEST',
    fallback: 10,
    help: 'events per request in the fixed-load phases',
  },
  {
    key: 'highLatencyRate',
    flag: '--high-rate',
    env: 'BENCH_HIGH_LATENCY_RATE',
    fallback: 5_000,
    help: 'events/s offered in the second fixed-load phase (latencyAt5000)',
  },
  {
    key: 'singleEvents',
    flag: '--single-events',
    env: 'BENCH_SINGLE_EVENTS',
    fallback: 10_000,
    help: 'requests of one event each in the single-event phase',
  },
  {
    key: 'singleConcurrency',
    flag: '--single-concurrency',
    env: 'BENCH_SINGLE_CONCURRENCY',
    fallback: 16,
    help: 'single-event requests in flight',
  },
  {
    key: 'stored',
    flag: '--stored',
    env: 'BENCH_STORED',
    fallback: 0,
    zeroAllowed: true,
    help: 'preload this many stored events, then run the slice again (0: no stored phase)',
  },
  { key: 'relays', flag: '--relays', env: 'BENCH_RELAYS', fallback: 1, help: 'relay processes (the first also runs the audit role)' },
  {
    key: 'apiProcesses',
    flag: '--api-processes',
    env: 'BENCH_API_PROCESSES',
    fallback: 1,
    help: "the API's processes behind one port, passed to the hub as HUB_API_PROCESSES",
  },
  {
    key: 'kafkaPort',
    flag: '--kafka-port',
    env: 'BENCH_KAFKA_PORT',
    fallback: 49092,
    help: "the benchmark broker's port (controller: +1)",
  },
];

/** A whole number (underscores allowed: 10_000_000), positive unless zero is allowed; the error names where it came from. */
export function parseCount(text: string, source: string, zeroAllowed = false): number {
  const value = Number(text.replaceAll('_', ''));
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < (zeroAllowed ? 0 : 1)) {
    throw new InvalidArgumentError(`${source} must be a whole number ${zeroAllowed ? 'of 0 or more' : 'above 0'}, got "${text}"`);
  }
  return value;
}

function parseSwitch(text: string, source: string): boolean | 'auto' {
  const value = text.trim().toLowerCase();
  if (['1', 'true', 'yes'].includes(value)) return true;
  if (['0', 'false', 'no'].includes(value)) return false;
  if (value === 'auto') return 'auto';
  throw new InvalidArgumentError(`${source} must be 1, 0 or auto, got "${text}"`);
}

/** A setting read from the environment: its error is a plain one, since commander did not print it. */
function fromEnvironment<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new Error((error as Error).message, { cause: error });
  }
}

/**
 * The command line of `npm run bench`. Every number also reads its BENCH_* variable, so the runs
 * scripted before the options existed keep working; a flag given on the command line wins.
 */
export function benchProgram(env: Env = process.env): Command {
  const program = new Command('run-bench.js')
    .description(
      'Measure, in one run on one broker, the bare-Kafka baseline and the hub: latency at two fixed loads, ' +
        'single-event requests, the slice end to end, optionally again over a preloaded history, and peak RSS per process. ' +
        'Results go to bench/results/<stamp>.json and bench/results/latest.json.',
    )
    .exitOverride();
  for (const option of NUMBER_OPTIONS) {
    const fromEnv = env[option.env];
    const fallback = fromEnv === undefined ? option.fallback : fromEnvironment(() => parseCount(fromEnv, option.env, option.zeroAllowed));
    program.option(
      `${option.flag} <n>`,
      `${option.help} (env ${option.env})`,
      (text: string) => parseCount(text, option.flag, option.zeroAllowed),
      fallback,
    );
  }
  const dispatcherEnv = env['BENCH_DISPATCHER'];
  return program
    .option(
      '--dispatcher',
      'start a dispatcher process (env BENCH_DISPATCHER=1|0|auto; default auto: when the hub has a dispatch role)',
      dispatcherEnv === undefined ? 'auto' : fromEnvironment(() => parseSwitch(dispatcherEnv, 'BENCH_DISPATCHER')),
    )
    .option('--no-dispatcher', 'start no dispatcher process')
    .option('--profile-dir <dir>', 'write V8 CPU profiles of the apps there (env BENCH_PROFILE_DIR)', env['BENCH_PROFILE_DIR'])
    .option(
      '--latency-dump <file>',
      "write each measured event's send time and latency there (env BENCH_LATENCY_DUMP)",
      env['BENCH_LATENCY_DUMP'],
    );
}

/** The settings from the command line (`argv` without node and the script) and the environment. */
export function readBenchSettings(argv: readonly string[] = process.argv.slice(2), env: Env = process.env): BenchSettings {
  const program = benchProgram(env);
  program.parse([...argv], { from: 'user' });
  const options = program.opts();
  const numbers = Object.fromEntries(
    NUMBER_OPTIONS.map((option) => [option.key, options[new Option(option.flag).attributeName()] as number]),
  ) as Pick<BenchSettings, NumberKey>;
  return {
    ...numbers,
    dispatcher: options['dispatcher'] as BenchSettings['dispatcher'],
    profileDir: options['profileDir'] as string | undefined,
    latencyDump: options['latencyDump'] as string | undefined,
    databaseServerUrl: env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  };
}
