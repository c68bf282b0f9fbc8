import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { BrokerAgencyKafkaAccess } from '@hub/messaging';
import { TEST_KAFKA_BROKERS } from './test-environment.js';
import { testKafkaClient, testKafkaEnvironment, testKafkaSecurity } from './test-kafka.js';

/** Apps under test write only problems; set TEST_LOG_LEVELS=log,warn,error,fatal to see every hop. */
export const TEST_LOG_LEVELS = process.env['TEST_LOG_LEVELS'] ?? 'error,fatal';

export const TEST_SUBJECT_ID_KEY = 'integration-test-subject-key-0123456789abcdef';
export const TEST_ADMIN_TOKEN = 'integration-test-admin-token-0123456789abcdef';
/** The hub's audit signing key in these tests (Ed25519, made once per process). */
export const TEST_AUDIT_SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
/** Signs the hub's webhook deliveries in tests (the key subscribers verify against). */
export const TEST_WEBHOOK_SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
export const TEST_FIELD_ENCRYPTION_KEYS = 'test-k1:aes-256-gcm:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';

/** The hub's settings in tests, on `databaseUrl` (HTTP_PORT left to the caller). */
export function testHubEnvironment(databaseUrl: string, brokers: readonly string[] = TEST_KAFKA_BROKERS): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: brokers.join(','),
    ...testKafkaEnvironment('hub'),
    SUBJECT_ID_KEY: TEST_SUBJECT_ID_KEY,
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    FIELD_ENCRYPTION_KEYS: TEST_FIELD_ENCRYPTION_KEYS,
    FIELD_ENCRYPTION_ACTIVE_KEY: 'test-k1',
    AUDIT_SIGNING_KEY: TEST_AUDIT_SIGNING_KEY,
    AUDIT_CHECKPOINT_EVERY_MS: '500',
    WEBHOOK_SIGNING_KEY: TEST_WEBHOOK_SIGNING_KEY,
    WEBHOOK_ALLOW_PLAIN_HTTP: 'true',
    // The tests' webhook receivers listen on loopback, which the SSRF guard refuses unless allowed.
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.0/8,::1',
    RELAY_POLL_INTERVAL_MS: '500',
    // One ingest group per hub database: hubs of other suites on the shared broker read other agencies.
    INGEST_CONSUMER_GROUP: `hub-ingest-${new URL(databaseUrl).pathname.slice(1)}`,
    LOG_LEVELS: TEST_LOG_LEVELS,
  };
}

/** The API key of the public-security system that reads permits from the adapter in tests (READER_API_KEYS). */
export const TEST_PSB_READER_KEY = 'integration-test-psb-reader-key-0123456789abcdef';

/**
 * The public-security adapter's settings in tests: on `databaseUrl`, reading `agencyId`'s inbound
 * topic as that agency (with `kafkaPassword`) in `groupId`, on a free port.
 */
export function testPsbAdapterEnvironment(options: {
  databaseUrl: string;
  agencyId: string;
  kafkaPassword: string;
  groupId: string;
  brokers?: readonly string[];
}): Record<string, string> {
  return {
    DATABASE_URL: options.databaseUrl,
    KAFKA_BROKERS: (options.brokers ?? TEST_KAFKA_BROKERS).join(','),
    ...testKafkaEnvironment(options.agencyId, options.kafkaPassword),
    HTTP_PORT: '0',
    AGENCY_ID: options.agencyId,
    CONSUMER_GROUP: options.groupId,
    READER_API_KEYS: `test-desk:${TEST_PSB_READER_KEY}`,
    LOG_LEVELS: TEST_LOG_LEVELS,
  };
}

/**
 * Gives `agencyId` a new Kafka password and its ACLs directly on the broker, as the hub does when it
 * onboards the agency; for an app under test that runs without a hub.
 */
export async function grantTestAgencyKafkaAccess(agencyId: string, brokers: readonly string[] = TEST_KAFKA_BROKERS): Promise<string> {
  const password = `test-${agencyId}-${randomUUID()}`;
  const access = new BrokerAgencyKafkaAccess(testKafkaClient('test-access-admin', { brokers: [...brokers] }), brokers, testKafkaSecurity());
  try {
    await access.grant({ agencyId, outbound: false }, password);
  } finally {
    await access.close();
  }
  return password;
}
