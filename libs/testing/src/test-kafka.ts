import { readFileSync } from 'node:fs';
import type { LocalKafkaSecurity } from '@hub/devstack';
import { kafkaSecurityOptions, type KafkaSecurity } from '@hub/messaging';
import { Kafka, logLevel, type Consumer, type KafkaConfig } from 'kafkajs';
import { TEST_KAFKA_BROKERS } from './test-environment.js';

/**
 * The test broker's users made when its storage is formatted: `hub` (the hub's own principal) and
 * `test-client` (what tests observe topics as), both super users. Agencies get theirs from the hub.
 * Test-only secrets, not used anywhere else.
 */
export const TEST_KAFKA_USERS = [
  { name: 'hub', password: 'test-hub-kafka-password-0123456789' },
  { name: 'test-client', password: 'test-client-kafka-password-0123456789' },
] as const;
export const TEST_KAFKA_SUPER_USERS = ['hub', 'test-client'] as const;

/** What global setup writes for the tests: the broker's TLS identity (and CA) in one JSON file named by TEST_KAFKA_TLS_FILE. */
function testBrokerTls(): LocalKafkaSecurity['tls'] {
  const file = process.env['TEST_KAFKA_TLS_FILE'];
  if (!file) throw new Error('TEST_KAFKA_TLS_FILE is not set: run the tests through Jest, whose global setup starts the broker.');
  return JSON.parse(readFileSync(file, 'utf8')) as LocalKafkaSecurity['tls'];
}

/** Security for another LocalKafka in a test (e.g. a second broker): the same TLS identity and users as the shared one. */
export function testBrokerSecurity(): LocalKafkaSecurity {
  return { tls: testBrokerTls(), scram: { users: TEST_KAFKA_USERS, superUsers: TEST_KAFKA_SUPER_USERS } };
}

/** The CA certificate file clients of the test broker trust (for KAFKA_TLS_CA_FILE and kcat). */
export function testKafkaCaFile(): string {
  const file = process.env['TEST_KAFKA_CA_FILE'];
  if (!file) throw new Error('TEST_KAFKA_CA_FILE is not set: run the tests through Jest, whose global setup starts the broker.');
  return file;
}

/** SASL_SSL settings as `user` (a super user by default) with the given password. */
export function testKafkaSecurity(user: string = 'test-client', password?: string): KafkaSecurity {
  const known = TEST_KAFKA_USERS.find((candidate) => candidate.name === user);
  const secret = password ?? known?.password;
  if (secret === undefined) throw new Error(`No password for Kafka user ${user}: pass the one the hub gave it.`);
  return { sasl: { mechanism: 'scram-sha-512', username: user, password: secret }, ssl: { ca: [testKafkaCaFileContents()] } };
}

function testKafkaCaFileContents(): string {
  return readFileSync(testKafkaCaFile(), 'utf8');
}

/** The settings an app under test reads its Kafka security from, as `user`. */
export function testKafkaEnvironment(user: string = 'hub', password?: string): Record<string, string> {
  const { sasl } = testKafkaSecurity(user, password);
  return { KAFKA_SASL_USERNAME: sasl.username, KAFKA_SASL_PASSWORD: sasl.password, KAFKA_TLS_CA_FILE: testKafkaCaFile() };
}

/** A kafkajs client of the test broker, as the `test-client` super user unless `config` says otherwise. */
export function testKafkaClient(clientId: string, config: Partial<KafkaConfig> & { user?: string; password?: string } = {}): Kafka {
  const { user, password, ...rest } = config;
  return new Kafka({
    clientId,
    brokers: TEST_KAFKA_BROKERS,
    logLevel: logLevel.NOTHING,
    ...kafkaSecurityOptions(testKafkaSecurity(user, password)),
    ...rest,
  });
}

/** Whether `user` can log in to the test broker with `password` (a metadata request needs no ACL). */
export async function canLogIn(user: string, password: string): Promise<boolean> {
  const admin = testKafkaClient(`${user}-login`, { user, password, retry: { retries: 0 } }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Reads `topic` from the start as `user` with `password` in `groupId`, pushing each value to `seen`;
 * retries off, so a refused login or a revoked session ends it at once.
 */
export async function collectingConsumer(
  user: string,
  password: string,
  topic: string,
  groupId: string,
  seen: string[],
): Promise<Consumer> {
  const consumer = testKafkaClient(`${user}-reader`, { user, password, retry: { retries: 0 } }).consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      seen.push(message.value?.toString() ?? '');
      return Promise.resolve();
    },
  });
  return consumer;
}
