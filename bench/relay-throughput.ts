/**
 * `node dist/bench/relay-throughput.js [records] [batchSize] [relays]`: records per second and CPU per
 * record through OutboxRelay alone, from a preloaded outbox into a local broker (SASL_SSL, acks=all,
 * the idempotent producer the hub's relay uses), so the relay's own cost is seen without the API or
 * the dispatcher. Several relays run in this one process (they share its core: this shows that they
 * split the work, not what separate processes gain). Prints one JSON line.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { KAFKA_HEADERS } from '@hub/contracts';
import { localBrokerTls, LocalKafka, repoRoot, throwawayCa } from '@hub/devstack';
import {
  appendToOutbox,
  createKafka,
  CreateOutbox1764140000000,
  JAVA_COMPATIBLE_PARTITIONER,
  OutboxRelay,
  PartitionOutbox1764140000003,
  type OutboxEntry,
} from '@hub/messaging';
import { createDataSource, dropDatabase, ensureDatabase, runMigrationsExclusively, withDatabase } from '@hub/persistence';
import { aWorkPermitIssuedEvent } from '@hub/testing';
import { readBenchSettings } from './bench-settings.js';

const [records = 20_000, batchSize = 500, relayCount = 1] = process.argv.slice(2).map(Number);
const settings = readBenchSettings();
const quiet = { log: () => undefined, warn: (entry: unknown) => console.warn(entry), error: (entry: unknown) => console.error(entry) };
const password = randomBytes(24).toString('base64url');
const kafka = new LocalKafka({
  workDir: join(repoRoot(), '.cache/bench/relay-kafka'),
  brokerPort: settings.kafkaPort,
  controllerPort: settings.kafkaPort + 1,
  fresh: true,
  heapMb: 512,
  security: {
    tls: await localBrokerTls(await throwawayCa('Interagency Hub CA (relay benchmark)')),
    scram: { users: [{ name: 'hub', password }], superUsers: ['hub'] },
  },
});
const database = withDatabase(settings.databaseServerUrl, `relay_bench_${process.pid}`);
await kafka.start();
try {
  await ensureDatabase(database);
  const dataSource = await createDataSource({
    url: database,
    applicationName: 'relay-bench',
    entities: [],
    migrations: [CreateOutbox1764140000000, PartitionOutbox1764140000003],
  }).initialize();
  await runMigrationsExclusively(dataSource);
  const client = createKafka(
    { brokers: kafka.brokers, clientId: 'relay-bench', security: { sasl: kafka.sasl('hub'), ssl: { ca: [kafka.caCertificatePem] } } },
    quiet,
  );
  const topic = 'relay-bench';
  const admin = client.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
  await admin.disconnect();

  // What the publish statement queues for a real event: its envelope as payload, keyed by subject, with its headers.
  const envelope = JSON.stringify(aWorkPermitIssuedEvent());
  const entries = (count: number): OutboxEntry[] =>
    Array.from({ length: count }, () => {
      const eventId = randomUUID();
      return {
        eventId,
        topic,
        key: `subject-${randomUUID()}`,
        payload: envelope,
        headers: {
          [KAFKA_HEADERS.contentType]: 'application/cloudevents+json',
          [KAFKA_HEADERS.eventId]: eventId,
          [KAFKA_HEADERS.eventType]: 'work-permit.issued',
          [KAFKA_HEADERS.contractVersion]: '1',
          [KAFKA_HEADERS.correlationId]: randomUUID(),
          [KAFKA_HEADERS.traceparent]: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
        },
      };
    });
  for (let queued = 0; queued < records; queued += 1_000) {
    await dataSource.transaction((manager) => appendToOutbox(manager, entries(Math.min(1_000, records - queued))));
  }

  const relays = await Promise.all(
    Array.from({ length: relayCount }, async () => {
      const producer = client.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        retry: { retries: 5, maxRetryTime: 5_000 },
        createPartitioner: JAVA_COMPATIBLE_PARTITIONER,
      });
      await producer.connect();
      return {
        producer,
        relay: new OutboxRelay(
          producer,
          { databaseUrl: database, batchSize, pollIntervalMs: 1_000, maxBackoffMs: 5_000, lingerMs: 5 },
          quiet,
        ),
      };
    }),
  );
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(relays.map(({ relay }) => relay.start()));
  for (;;) {
    const [row] = await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM outbox');
    if (row?.n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = (performance.now() - started) / 1_000;
  const cpu = process.cpuUsage(cpuBefore);
  await Promise.all(
    relays.map(async ({ relay, producer }) => {
      await relay.stop();
      await producer.disconnect();
    }),
  );
  await dataSource.destroy();
  console.log(
    JSON.stringify({
      records,
      batchSize,
      relays: relayCount,
      payloadBytes: envelope.length,
      recordsPerSecond: Math.round(records / seconds),
      cpuMsPerRecord: Number(((cpu.user + cpu.system) / 1_000 / records).toFixed(4)),
    }),
  );
} finally {
  await dropDatabase(database).catch(() => undefined);
  await kafka.stop();
}
