// Starts the real Kafka broker that every integration test shares (fresh data each run). Jest loads
// global setup outside its module mapper, so this imports the compiled devstack from dist/ (the
// test script builds first). Tests read the port back from TEST_KAFKA_PORT.
import { join } from 'node:path';
import { LocalKafka, repoRoot } from '../../dist/libs/devstack/src/index.js';

export default async function globalSetup() {
  process.env.TEST_KAFKA_PORT ??= '29092';
  const port = Number(process.env.TEST_KAFKA_PORT);
  const kafka = new LocalKafka({ workDir: join(repoRoot(), '.cache/test/kafka'), brokerPort: port, controllerPort: port + 1, fresh: true });
  await kafka.start();
  globalThis.__hubTestKafka = kafka;
}
