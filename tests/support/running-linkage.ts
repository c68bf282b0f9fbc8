import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { createTestDatabase } from '@hub/persistence';
import {
  ensureSubscription,
  TEST_DATABASE_SERVER_URL,
  TEST_KAFKA_BROKERS,
  TEST_LOG_LEVELS,
  testKafkaEnvironment,
  testSigningKey,
} from '@hub/testing';
import pg from 'pg';
import { loadLinkageConfig } from '../../apps/linkage/src/config/linkage-config.js';
import { createLinkageApp } from '../../apps/linkage/src/create-linkage-app.js';
import { LinkageClock } from '../../apps/linkage/src/decide/linkage-clock.js';
import { LINKAGE_SUBSCRIPTION } from '../../apps/linkage/src/ingest/linkage-subscription.js';
import { apiKeyOf, kafkaPasswordOf } from './running-apps.js';

/** The API key the tests call the linkage service's APIs with, as a supervisor (`*`). */
export const TEST_LINKAGE_EVALUATOR_KEY = 'integration-test-linkage-evaluator-key-0123456789';

/** The linkage service under test, the subscription that feeds it, and a client on its database. */
export interface RunningLinkage {
  readonly app: INestApplication;
  readonly url: string;
  readonly db: pg.Client;
  readonly subscriptionId: string;
  destroy(): Promise<void>;
}

/**
 * Starts the linkage service as the `linkage` test agency of the hub at `hubUrl` (onboarded by
 * startHub with its test signing key): its Kafka subscription to the canonical events (made with its
 * API key unless it exists), its own fresh database, a fresh consumer group, its events published
 * to that hub with its API key. `asOf` pins the day the rules look from.
 */
export async function startLinkage(hubUrl: string, options: { asOf?: string; env?: Record<string, string> } = {}): Promise<RunningLinkage> {
  const apiKey = apiKeyOf(hubUrl, 'linkage');
  const subscription = await ensureSubscription(hubUrl, apiKey, LINKAGE_SUBSCRIPTION);
  const database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'linkage');
  const signing = testSigningKey('linkage');
  const config = loadLinkageConfig({
    DATABASE_URL: database.url,
    KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
    ...testKafkaEnvironment('linkage', await kafkaPasswordOf('linkage', hubUrl)),
    CONSUMER_GROUP: `agency.linkage.e2e-${randomUUID()}`,
    HTTP_PORT: '0',
    HUB_URL: hubUrl,
    HUB_API_KEY: apiKey,
    LINKAGE_SIGNING_KEY: signing.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    LINKAGE_SIGNING_KEY_ID: signing.keyId,
    LINKAGE_API_KEYS: `*:evaluator:${TEST_LINKAGE_EVALUATOR_KEY}`,
    PUBLISH_EVERY_MS: '200',
    LOG_LEVELS: TEST_LOG_LEVELS,
    ...options.env,
  });
  const app = await createLinkageApp(config, options.asOf ? { clock: LinkageClock.on(options.asOf) } : {});
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  return {
    app,
    url: (await app.getUrl()).replace('[::1]', '127.0.0.1'),
    db,
    subscriptionId: subscription.id,
    destroy: async () => {
      await db.end().catch(() => undefined);
      await app.close();
      await database.drop();
    },
  };
}
