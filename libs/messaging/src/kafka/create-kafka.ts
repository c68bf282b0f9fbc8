import type { LoggerService } from '@nestjs/common';
import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';
import { quietIdleRequestQueues } from './idle-request-queues.js';

// Every kafkajs client of the apps is made here or in KafkaBatchServer, which imports this module.
quietIdleRequestQueues();

/**
 * How a client proves who it is and checks whom it talks to: SASL/SCRAM-SHA-512 over TLS, the broker's
 * certificate verified against `ssl.ca` (the hub CA) and its name. The brokers accept nothing else.
 */
export interface KafkaSecurity {
  readonly sasl: { readonly mechanism: 'scram-sha-512'; readonly username: string; readonly password: string };
  readonly ssl: { readonly ca: readonly string[] };
}

/** How to reach the brokers, and as whom. */
export interface KafkaSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly security: KafkaSecurity;
}

/**
 * The brokers end a SASL session after `connections.max.reauth.ms` (10 s in docker/kafka-local), so
 * that a deleted credential stops connections already open. kafkajs re-authenticates on an open
 * connection (KIP-368) once less than this is left of the session.
 */
export const REAUTHENTICATION_THRESHOLD_MS = 3_000;

/** kafkajs options for `security` (also what Nest's Kafka transport takes in `client`). */
export function kafkaSecurityOptions(security: KafkaSecurity): {
  sasl: KafkaSecurity['sasl'];
  ssl: { ca: string[]; rejectUnauthorized: true };
  reauthenticationThreshold: number;
} {
  return {
    sasl: { ...security.sasl },
    ssl: { ca: [...security.ssl.ca], rejectUnauthorized: true },
    reauthenticationThreshold: REAUTHENTICATION_THRESHOLD_MS,
  };
}

/** A kafkajs client whose own log lines go through the app's logger (warnings and errors only). */
export function createKafka(settings: KafkaSettings, logger: LoggerService): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: [...settings.brokers],
    ...kafkaSecurityOptions(settings.security),
    ...kafkaLogging(logger),
    retry: { initialRetryTime: 300, retries: 8 },
  });
}

/** kafkajs options that send its own warnings and errors through `logger`, without credentials. */
export function kafkaLogging(logger: LoggerService): Pick<KafkaConfig, 'logLevel' | 'logCreator'> {
  return { logLevel: logLevel.WARN, logCreator: () => (entry: LogEntry) => forwardLog(entry, logger) };
}

/** Log fields kafkajs may add that could carry a credential; never forwarded. */
const SECRET_FIELDS = new Set(['sasl', 'password', 'ssl', 'authBytes', 'payload']);

function forwardLog({ level, namespace, log }: LogEntry, logger: LoggerService): void {
  const { message, ...extra } = log;
  const safe = Object.fromEntries(Object.entries(extra).filter(([key]) => !SECRET_FIELDS.has(key)));
  const line = { message: `kafkajs ${namespace}: ${message}`, ...safe };
  if (level === logLevel.ERROR) logger.error(line);
  else logger.warn(line);
}
