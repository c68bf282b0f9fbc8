import type { LoggerService } from '@nestjs/common';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';

/** How to reach the brokers. */
export interface KafkaSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
}

/** A kafkajs client whose own log lines go through the app's logger (warnings and errors only). */
export function createKafka(settings: KafkaSettings, logger: LoggerService): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: [...settings.brokers],
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => forwardLog(entry, logger),
    retry: { initialRetryTime: 300, retries: 8 },
  });
}

function forwardLog({ level, namespace, log }: LogEntry, logger: LoggerService): void {
  const { message, ...extra } = log;
  const line = { message: `kafkajs ${namespace}: ${message}`, ...extra };
  if (level === logLevel.ERROR) logger.error(line);
  else logger.warn(line);
}
