import { describe, expect, it } from '@jest/globals';
import { Logger, type LogLevel } from '@nestjs/common';
import { createHubLogger } from './hub-logger.js';

/** A logger writing into an array, one parsed JSON object per line. */
function capture(levels?: LogLevel[]): { logger: ReturnType<typeof createHubLogger>; entries: Record<string, unknown>[] } {
  const entries: Record<string, unknown>[] = [];
  const logger = createHubLogger('hub', levels, {
    write: (line: string) => {
      expect(line.endsWith('\n')).toBe(true);
      expect(line.trimEnd()).not.toContain('\n');
      entries.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  return { logger, entries };
}

describe('createHubLogger', () => {
  it('writes one JSON line per entry with level, time, app, context and the object fields at the top', () => {
    const { logger, entries } = capture();
    logger.log({ message: 'events accepted', agency: 'bureau-310000', eventIds: ['e1'] }, 'PublishEventsHandler');
    logger.warn('waiting for Kafka', 'Relay');
    expect(entries).toEqual([
      {
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
        app: 'hub',
        pid: process.pid,
        context: 'PublishEventsHandler',
        message: 'events accepted',
        agency: 'bureau-310000',
        eventIds: ['e1'],
      },
      expect.objectContaining({ level: 'warn', context: 'Relay', message: 'waiting for Kafka' }),
    ]);
  });

  it('writes only the levels listed', () => {
    const { logger, entries } = capture(['warn', 'error']);
    logger.log('not this', 'X');
    logger.debug?.('nor this', 'X');
    logger.warn('this', 'X');
    logger.error('and this', 'X');
    expect(entries.map((entry) => entry['level'])).toEqual(['warn', 'error']);
    const all = capture(['verbose', 'debug', 'log', 'warn', 'error', 'fatal']);
    all.logger.verbose?.('v', 'X');
    all.logger.fatal?.('f', 'X');
    expect(all.entries.map((entry) => entry['level'])).toEqual(['trace', 'fatal']);
  });

  it('censors secret fields, at the top and one object down', () => {
    const { logger, entries } = capture();
    logger.warn({ message: 'login', password: 'p4ss', request: { authorization: 'Bearer k3y', path: '/v1/events' } }, 'X');
    expect(entries[0]).toMatchObject({ password: '[redacted]', request: { authorization: '[redacted]', path: '/v1/events' } });
    expect(JSON.stringify(entries)).not.toMatch(/p4ss|k3y/);
  });

  it("keeps errors and the stack of Nest's error(message, stack, context) contract", () => {
    const { logger, entries } = capture();
    logger.error(new Error('broken'), 'X');
    const stack = new Error('failed').stack ?? '';
    logger.error('request failed', stack, 'ExceptionsHandler');
    expect(entries[0]).toMatchObject({ level: 'error', context: 'X', message: 'broken', err: { message: 'broken' } });
    expect(entries[1]).toMatchObject({ context: 'ExceptionsHandler', message: 'request failed', stack });
  });

  it("serves Nest's Logger once an app uses it", () => {
    const { logger, entries } = capture();
    Logger.overrideLogger(logger);
    try {
      new Logger('Dispatcher').log({ message: 'routed', deliveries: 2 });
    } finally {
      Logger.overrideLogger(true);
    }
    expect(entries).toEqual([expect.objectContaining({ context: 'Dispatcher', message: 'routed', deliveries: 2 })]);
  });
});
