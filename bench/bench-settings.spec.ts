import { describe, expect, it } from '@jest/globals';
import { CommanderError } from 'commander';
import { benchProgram, readBenchSettings } from './bench-settings.js';

const quietly = (argv: string[], env: Record<string, string> = {}) => {
  const program = benchProgram(env).configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  return () => program.parse(argv, { from: 'user' });
};

describe('readBenchSettings', () => {
  it('has the defaults the README reports', () => {
    expect(readBenchSettings([], {})).toMatchObject({
      events: 100_000,
      httpBatchSize: 500,
      httpConcurrency: 4,
      latencyRate: 1_000,
      latencySeconds: 30,
      latencyEventsPerRequest: 10,
      highLatencyRate: 5_000,
      singleEvents: 10_000,
      singleConcurrency: 16,
      stored: 0,
      relays: 1,
      apiProcesses: 1,
      dispatcher: 'auto',
      kafkaPort: 49092,
      databaseServerUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
      profileDir: undefined,
      latencyDump: undefined,
    });
  });

  it('keeps reading the BENCH_* variables', () => {
    const env = {
      BENCH_EVENTS: '2000',
      BENCH_LATENCY_SECONDS: '3',
      BENCH_KAFKA_PORT: '49192',
      BENCH_STORED: '20000',
      BENCH_DISPATCHER: '0',
    };
    expect(readBenchSettings([], env)).toMatchObject({
      events: 2000,
      latencySeconds: 3,
      kafkaPort: 49192,
      stored: 20_000,
      dispatcher: false,
    });
  });

  it('lets a flag win over its variable, and reads underscores in counts', () => {
    const settings = readBenchSettings(['--stored', '10_000_000', '--relays', '2', '--api-processes', '2', '--dispatcher'], {
      BENCH_STORED: '5',
      BENCH_DISPATCHER: '0',
    });
    expect(settings).toMatchObject({ stored: 10_000_000, relays: 2, apiProcesses: 2, dispatcher: true });
    expect(readBenchSettings(['--no-dispatcher'], {}).dispatcher).toBe(false);
  });

  it('refuses a bad count, naming the flag or the variable', () => {
    expect(quietly(['--events', '0'])).toThrow(/--events must be a whole number above 0, got "0"/);
    expect(quietly(['--stored', '-1'])).toThrow(/--stored must be a whole number of 0 or more/);
    expect(quietly(['--relays', '1.5'])).toThrow(CommanderError);
    expect(() => readBenchSettings([], { BENCH_HTTP_BATCH: 'many' })).toThrow(
      'BENCH_HTTP_BATCH must be a whole number above 0, got "many"',
    );
    expect(() => readBenchSettings([], { BENCH_DISPATCHER: 'maybe' })).toThrow('BENCH_DISPATCHER must be 1, 0 or auto, got "maybe"');
  });

  it('lists every option in --help', () => {
    const help = benchProgram({}).helpInformation();
    for (const flag of ['--stored', '--relays', '--api-processes', '--dispatcher', '--no-dispatcher', '--high-rate', '--single-events']) {
      expect(help).toContain(flag);
    }
    expect(help).toContain('env BENCH_EVENTS');
  });
});
