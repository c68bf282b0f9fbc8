import { describe, expect, it } from '@jest/globals';
import { readSoakSettings, soakFileStem, soakProgram } from './soak-settings.js';

/** The settings, or the message commander would have printed. */
function parse(argv: string[]): { settings?: ReturnType<typeof readSoakSettings>; error?: string } {
  let error: string | undefined;
  const program = soakProgram().configureOutput({ writeErr: (text) => (error = text), writeOut: () => undefined });
  try {
    return { settings: readSoakSettings(argv, {}, program) };
  } catch {
    return { error };
  }
}

describe('readSoakSettings', () => {
  it('runs an hour at 1,000 events/s in requests of 10, sampled every 10 s, into bench/results/soak, on its own PostgreSQL', () => {
    expect(readSoakSettings([], {})).toEqual({
      minutes: 60,
      rate: 1_000,
      eventsPerRequest: 10,
      sampleSeconds: 10,
      outDir: 'bench/results/soak',
      kafkaPort: 49092,
      httpPort: 18080,
      databaseServerUrl: undefined,
    });
  });

  it('takes fractions of a minute, the rate, the directory and the broker port from the command line', () => {
    expect(
      parse(['--minutes', '0.5', '--rate', '200', '--out', '/tmp/soak', '--kafka-port', '35092', '--http-port', '35180']).settings,
    ).toMatchObject({
      minutes: 0.5,
      rate: 200,
      outDir: '/tmp/soak',
      kafkaPort: 35092,
      httpPort: 35180,
    });
  });

  it('reads the database server from DATABASE_URL', () => {
    expect(readSoakSettings([], { DATABASE_URL: 'postgres://soak@db:5432/postgres' }).databaseServerUrl).toBe(
      'postgres://soak@db:5432/postgres',
    );
  });

  it.each([
    [['--minutes', '0'], '--minutes must be a number of minutes above 0'],
    [['--minutes', '-5'], '--minutes must be a number of minutes above 0'],
    [['--minutes', 'an hour'], '--minutes must be a number of minutes above 0 (fractions allowed, e.g. 0.5), got "an hour"'],
    [['--rate', '0'], '--rate must be a whole number above 0, got "0"'],
    [['--rate', '12.5'], '--rate must be a whole number above 0, got "12.5"'],
    [['--events-per-request', 'ten'], '--events-per-request must be a whole number above 0'],
    [['--sample-seconds', '-1'], '--sample-seconds must be a whole number above 0'],
    [['--out', ' '], '--out must name a directory'],
    [['--http-port', '80.5'], '--http-port must be a whole number above 0'],
  ])('refuses %j, naming the flag', (argv, message) => {
    const { settings, error } = parse(argv);
    expect(settings).toBeUndefined();
    expect(error).toContain(message);
  });

  it('refuses an unknown option', () => {
    expect(parse(['--hours', '2']).error).toContain("unknown option '--hours'");
  });
});

describe('soakFileStem', () => {
  it('names the results after the minutes', () => {
    expect(soakFileStem(60)).toBe('soak-60m');
    expect(soakFileStem(0.5)).toBe('soak-0.5m');
  });
});
