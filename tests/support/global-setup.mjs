// Starts what the integration tests share: the real Kafka broker (fresh data each run, SASL_SSL only,
// its certificate from a throwaway CA made with the hub CA's code) and, only if the machine's
// PostgreSQL does not answer and TEST_DATABASE_URL names no other, an embedded real PostgreSQL. Jest
// loads global setup outside its module mapper, so this imports the compiled devstack from dist/ (the
// test script builds first). Tests read TEST_KAFKA_PORT, TEST_KAFKA_CA_FILE, TEST_KAFKA_TLS_FILE and
// TEST_DATABASE_URL back from the environment.
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { localBrokerTls, LocalKafka, repoRoot, startEmbeddedPostgres, throwawayCa } from '../../dist/libs/devstack/src/index.js';
import { TEST_KAFKA_SUPER_USERS, TEST_KAFKA_USERS } from '../../dist/libs/testing/src/test-kafka.js';

const MACHINE_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

export default async function globalSetup() {
  // Jest calls the global setup of every project it runs (integration, browser): one broker serves all.
  if (globalThis.__hubTestServices) return;
  process.env.TEST_KAFKA_PORT ??= '29092';
  const port = Number(process.env.TEST_KAFKA_PORT);
  const workDir = join(repoRoot(), `.cache/test/kafka-${port}`);
  const tls = await localBrokerTls(await throwawayCa());
  mkdirSync(workDir, { recursive: true });
  const tlsFile = join(workDir, 'test-broker-tls.json');
  writeFileSync(tlsFile, JSON.stringify(tls), { mode: 0o600 });
  const kafka = new LocalKafka({
    workDir,
    brokerPort: port,
    controllerPort: port + 1,
    fresh: true,
    security: { tls, scram: { users: TEST_KAFKA_USERS, superUsers: TEST_KAFKA_SUPER_USERS } },
  });
  process.env.TEST_KAFKA_TLS_FILE = tlsFile;
  process.env.TEST_KAFKA_CA_FILE = kafka.caFile;
  const postgres = process.env.TEST_DATABASE_URL ? undefined : await embeddedUnlessMachinePostgres();
  await kafka.start();
  globalThis.__hubTestServices = { kafka, postgres };
}

async function embeddedUnlessMachinePostgres() {
  const client = new pg.Client({ connectionString: MACHINE_POSTGRES, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return undefined;
  } catch {
    console.log(`\nNo PostgreSQL answers at ${MACHINE_POSTGRES}; starting an embedded one for the tests.`);
    const server = await startEmbeddedPostgres(join(repoRoot(), '.cache/test/postgres'), 25432);
    process.env.TEST_DATABASE_URL = server.adminUrl;
    return server;
  }
}
