import { ConsoleLogger, type LogLevel, type LoggerService } from '@nestjs/common';

/**
 * One JSON line per log entry, so a correlation id can be followed with `grep` or a log shipper
 * across the hub, the relay and every adapter. Pass `{ correlationId, eventId, ... }` objects as
 * the message; never raw identifiers or secrets.
 */
export function createHubLogger(app: string, levels: readonly LogLevel[] = ['log', 'warn', 'error', 'fatal']): LoggerService {
  return new ConsoleLogger(app, { json: true, colors: false, logLevels: [...levels] });
}
