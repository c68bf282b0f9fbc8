import type { LogLevel, LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';

/** Nest's level names as pino writes them (`log` is pino's `info`, `verbose` its `trace`). */
const PINO_LEVELS: Readonly<Record<LogLevel, Level>> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};
const ORDER: readonly LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];

/**
 * Fields censored wherever they appear at the top of an entry or one object down, whatever the
 * caller meant to log: a second line of defence behind the rule that logs carry ids and codes,
 * never identifiers or secrets (kafkajs entries are also stripped before they reach the logger).
 */
export const REDACTED_LOG_FIELDS: readonly string[] = [
  'authorization',
  'apiKey',
  'password',
  'kafkaPassword',
  'secret',
  'token',
  'privateKey',
  'sasl',
];

/**
 * One JSON line per entry (pino), so a correlation id can be followed with `grep` or a log shipper
 * across the hub, the relay and every adapter: `level`, `time`, `app`, `context`, `message` and the
 * fields of a logged object at the top level. Pass `{ message, correlationId, eventId, ... }`
 * objects; never raw identifiers or secrets. `npx pino-pretty` reads the lines for a person.
 * Only the levels listed are written. Lines go through `destination.write` (stdout by default).
 */
export function createHubLogger(
  app: string,
  levels: readonly LogLevel[] = ['log', 'warn', 'error', 'fatal'],
  destination: DestinationStream = process.stdout,
): LoggerService {
  const lowest = ORDER.find((level) => levels.includes(level)) ?? 'fatal';
  const logger = pino(
    {
      level: levels.length === 0 ? 'silent' : PINO_LEVELS[lowest],
      base: { app, pid: process.pid },
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_LOG_FIELDS.flatMap((field) => [field, `*.${field}`]), censor: '[redacted]' },
    },
    destination,
  );
  return new PinoNestLogger(logger, new Set(levels));
}

/** Nest's LoggerService over a pino logger: the last argument Nest passes is the context (the class that logs). */
class PinoNestLogger implements LoggerService {
  constructor(
    private readonly logger: Logger,
    private readonly levels: ReadonlySet<LogLevel>,
  ) {}

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: LogLevel, message: unknown, params: unknown[]): void {
    if (!this.levels.has(level)) return;
    this.logger[PINO_LEVELS[level]](entryOf(message, params));
  }
}

/**
 * The fields of one entry. Nest calls `error(message, stack, context)` for exceptions it catches;
 * other extra arguments are kept under `params`.
 */
function entryOf(message: unknown, params: unknown[]): Record<string, unknown> {
  const context = typeof params.at(-1) === 'string' ? (params.pop() as string) : undefined;
  const entry: Record<string, unknown> = context === undefined ? {} : { context };
  if (message instanceof Error) Object.assign(entry, { message: message.message, err: message });
  else if (typeof message === 'object' && message !== null) Object.assign(entry, message);
  else entry['message'] = String(message);
  if (params.length === 1 && typeof params[0] === 'string' && params[0].includes('\n    at ')) entry['stack'] = params[0];
  else if (params.length > 0) entry['params'] = params;
  return entry;
}
