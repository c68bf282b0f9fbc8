/**
 * `node dist/bench/relay-throughput.js [records] [batchSize] [relays] [rounds]`: records per second
 * and CPU per record through OutboxRelay alone, from a preloaded outbox into a local broker
 * (SASL_SSL, acks=all), so the relay's own cost is seen without the API or the dispatcher. Each round
 * runs the relay with the producer the hub uses (`createRecordProducer`: one try per send) and with
 * the idempotent producer with kafkajs retries it replaced, alternately, so the two are compared in
 * the same run on the same broker. Several relays run in this one process (they share its core: this
 * shows that they split the work, not what separate processes gain). Prints one JSON line per round
 * and producer, then the medians and their ratio.
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
  createRecordProducer,
  JAVA_COMPATIBLE_PARTITIONER,
  OutboxRelay,
  type KafkaClient,
  type KafkaProducer,
  PartitionOutbox1764140000003,
  type OutboxEntry,
} from '@hub/messaging';
import { createDataSource, dropDatabase, ensureDatabase, runMigrationsExclusively, withDatabase } from '@hub/persistence';
import { aWorkPermitIssuedEvent } from '@hub/testing';
import { readBenchSettings } from './bench-settings.js';

const [records = 20_000, batchSize = 500, relayCount = 1, rounds = 3] = process.argv.slice(2).map(Number);
const settings = readBenchSettings([]);
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
  /** The producers compared: the hub's, and the one it replaced. */
  const producers: Record<string, (kafkaClient: KafkaClient) => KafkaProducer> = {
    'one try per send (hub)': createRecordProducer,
    'idempotent, kafkajs retries (before)': (kafkaClient) =>
      kafkaClient.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        retry: { retries: 5, maxRetryTime: 5_000 },
        createPartitioner: JAVA_COMPATIBLE_PARTITIONER,
      }),
  };
  const results: Record<string, number[]> = {};
  for (let round = 1; round <= rounds; round++) {
    for (const [name, makeProducer] of Object.entries(producers)) {
      for (let queued = 0; queued < records; queued += 1_000) {
        await dataSource.transaction((manager) => appendToOutbox(manager, entries(Math.min(1_000, records - queued))));
      }
      const relays = await Promise.all(
        Array.from({ length: relayCount }, async () => {
          const producer = makeProducer(client);
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
      const recordsPerSecond = Math.round(records / seconds);
      (results[name] ??= []).push(recordsPerSecond);
      console.log(
        JSON.stringify({
          round,
          producer: name,
          records,
          batchSize,
          relays: relayCount,
          payloadBytes: envelope.length,
          recordsPerSecond,
          cpuMsPerRecord: Number(((cpu.user + cpu.system) / 1_000 / records).toFixed(4)),
        }),
      );
    }
  }
  const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const [hub = [], before = []] = Object.values(results);
  console.log(
    JSON.stringify({
      medianRecordsPerSecond: Object.fromEntries(Object.entries(results).map(([name, values]) => [name, median(values)])),
      ratioHubToBefore: Number((median(hub) / Math.max(1, median(before))).toFixed(3)),
    }),
  );
  await dataSource.destroy();
} finally {
  await dropDatabase(database).catch(() => undefined);
  await kafka.stop();
}
