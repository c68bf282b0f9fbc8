import 'reflect-metadata';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaSecurityOptions, type KafkaSecurity } from '../kafka/create-kafka.js';
import { createRecordProducer } from '../kafka/record-producer.js';
import { OutboxRelay, type OutboxRelaySettings } from '../outbox/outbox-relay.js';

/**
 * An OutboxRelay in a process of its own, for the test that kills a relay with SIGKILL while it
 * holds partitions. Started as `node relay-process.js '<json>'` (compiled to JavaScript first);
 * prints `ready` once it runs and `relayed <n>` after each batch. Not part of @hub/messaging.
 */
interface RelayProcessConfig {
  readonly brokers: readonly string[];
  readonly security: KafkaSecurity;
  readonly settings: OutboxRelaySettings;
}

const config = JSON.parse(process.argv[2] ?? '{}') as RelayProcessConfig;
const kafka = new Kafka({
  clientId: 'relay-process',
  brokers: [...config.brokers],
  logLevel: logLevel.NOTHING,
  ...kafkaSecurityOptions(config.security),
});
const producer = createRecordProducer(kafka);
await producer.connect();
const relay = new OutboxRelay(producer, config.settings, {
  log: (entry: { count?: number }) => process.stdout.write(`relayed ${entry.count ?? 0}\n`),
  warn: (entry: unknown) => process.stderr.write(`${JSON.stringify(entry)}\n`),
  error: (entry: unknown) => process.stderr.write(`${JSON.stringify(entry)}\n`),
});
await relay.start();
process.stdout.write('ready\n');
