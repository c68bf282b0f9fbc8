import { Command, InvalidArgumentError } from 'commander';
import { parseCount } from './bench-settings.js';

/** The soak run's knobs, from the command line of `npm run soak`. */
export interface SoakSettings {
  /** How long the load runs; fractions allowed (0.5 is thirty seconds). */
  readonly minutes: number;
  /** Events offered per second, open-loop. */
  readonly rate: number;
  readonly eventsPerRequest: number;
  /** Seconds between samples. */
  readonly sampleSeconds: number;
  /** Where soak-<minutes>m.json and .svg go. */
  readonly outDir: string;
  readonly kafkaPort: number;
  /** The hub API's port; the adapter takes the next, the relay and the dispatcher the two after (as the benchmark's 18080–18083). */
  readonly httpPort: number;
  /**
   * A PostgreSQL server to create the run's databases on (DATABASE_URL); without one the run starts
   * its own embedded server with the settings of config/postgres.conf (and autovacuum on, as a production hub's).
   */
  readonly databaseServerUrl: string | undefined;
}

/** A positive number of minutes (fractions allowed); the error names the flag. */
export function parseMinutes(text: string, source: string): number {
  const value = Number(text.replaceAll('_', ''));
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`${source} must be a number of minutes above 0 (fractions allowed, e.g. 0.5), got "${text}"`);
  }
  return value;
}

function parseDirectory(text: string, source: string): string {
  if (text.trim() === '') throw new InvalidArgumentError(`${source} must name a directory, got an empty string`);
  return text;
}

/** The command line of `npm run soak`. */
export function soakProgram(): Command {
  return new Command('soak.js')
    .description(
      'Run the hub (API, relay, dispatcher if any, public-security adapter) at a fixed offered load for N minutes, ' +
        'sampling RSS per process, publish → recorded latency, consumer lag and outbox depth every 10 s; ' +
        'writes soak-<minutes>m.json and soak-<minutes>m.svg and fails when the rate was not sustained or a growth trend shows.',
    )
    .exitOverride()
    .option('--minutes <n>', 'length of the run in minutes (fractions allowed)', (text: string) => parseMinutes(text, '--minutes'), 60)
    .option('--rate <n>', 'events per second offered, open-loop', (text: string) => parseCount(text, '--rate'), 1_000)
    .option('--events-per-request <n>', 'events per HTTP request', (text: string) => parseCount(text, '--events-per-request'), 10)
    .option('--sample-seconds <n>', 'seconds between samples', (text: string) => parseCount(text, '--sample-seconds'), 10)
    .option('--out <dir>', 'directory for the results', (text: string) => parseDirectory(text, '--out'), 'bench/results/soak')
    .option('--kafka-port <n>', "the run's broker port (controller: +1)", (text: string) => parseCount(text, '--kafka-port'), 49092)
    .option(
      '--http-port <n>',
      "the hub API's port; the adapter, relay and dispatcher take the next three",
      (text: string) => parseCount(text, '--http-port'),
      18080,
    );
}

/** The settings from the command line (`argv` without node and the script); DATABASE_URL names a server, if any. */
export function readSoakSettings(
  argv: readonly string[] = process.argv.slice(2),
  env: Readonly<Record<string, string | undefined>> = process.env,
  program: Command = soakProgram(),
): SoakSettings {
  program.parse([...argv], { from: 'user' });
  const options = program.opts<{
    minutes: number;
    rate: number;
    eventsPerRequest: number;
    sampleSeconds: number;
    out: string;
    kafkaPort: number;
    httpPort: number;
  }>();
  return {
    minutes: options.minutes,
    rate: options.rate,
    eventsPerRequest: options.eventsPerRequest,
    sampleSeconds: options.sampleSeconds,
    outDir: options.out,
    kafkaPort: options.kafkaPort,
    httpPort: options.httpPort,
    databaseServerUrl: env['DATABASE_URL'] || undefined,
  };
}

/** The results' base name: soak-60m, soak-0.5m. */
export function soakFileStem(minutes: number): string {
  return `soak-${minutes}m`;
}
