/**
 * `npm run bench:linkage` (`-- --help` lists the options): the linkage service's numbers (issue 13).
 * (1) Throughput and lag: the seeded demo data set turned into the records the hub's dispatcher
 * writes onto `agency.linkage.inbound` (linkage-deliveries.ts: the hub's own routing, projection
 * and delivery headers, sequence numbers per subscription), written at a steady offered rate (5,000
 * records/s for 60 s by default) while the real linkage process (dist/apps/linkage/src/main.js, the
 * env npm start gives it) consumes them; every second the consumer group's lag in records and in
 * seconds (age of the oldest record not committed), the process's VmRSS and the events folded
 * (linkage_inbox). The linkage events it publishes go to a stand-in for the hub's POST /v1/events
 * that answers 202. (2) Chain reads: N people preloaded by SQL into the same database, then p50/p99
 * of GET /v1/chains/:subject and GET /v1/talent-cards/:cardNo over HTTP against the running process
 * (keep-alive, one at a time), and of the handlers' queries alone. Writes
 * bench/results/linkage-<stamp>.json and bench/results/linkage-latest.json.
 */
import 'reflect-metadata';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { localBrokerTls, LocalKafka, repoRoot, startNodeService, throwawayCa, type NodeService } from '@hub/devstack';
import { JAVA_COMPATIBLE_PARTITIONER, kafkaSecurityOptions } from '@hub/messaging';
import { createDataSource, dropDatabase, ensureDatabase, withDatabase } from '@hub/persistence';
import { waitUntil } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { LookupTalentCardHandler } from '../apps/linkage/src/cards/lookup-talent-card/lookup-talent-card.handler.js';
import { GetChainHandler } from '../apps/linkage/src/cases-api/get-chain/get-chain.handler.js';
import { LINKAGE_CONSUMER_GROUP } from '../apps/linkage/src/config/linkage-config.js';
import { readBenchSettings } from './bench-settings.js';
import { linkageBenchOptions } from './linkage-bench-options.js';
import { benchSubject, measureHttp, preloadChains, timed } from './linkage-chain-reads.js';
import { linkageDeliveries } from './linkage-deliveries.js';
import { cpuSecondsOf, groupLag, offerDeliveries, rssOf, WrittenOffsets, type LoadSample } from './linkage-load.js';
import { machineDescription } from './measure.js';

const TOPIC = 'agency.linkage.inbound';
const KEY = 'bench-evaluator-key-'.padEnd(48, 'k');
const LINKAGE_PORT = 18280;
const HUB_STAND_IN_PORT = 18281;

const options = linkageBenchOptions();
const settings = readBenchSettings([]);
const root = repoRoot();
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const databaseUrl = withDatabase(settings.databaseServerUrl, `linkage_bench_${process.pid}`);
const users = [
  { name: 'hub', password: randomBytes(24).toString('base64url') },
  { name: 'linkage', password: randomBytes(24).toString('base64url') },
];
// The hub grants `linkage` its topic and group by ACL; here both users are super users (ACL checks are not what is measured).
const kafka = new LocalKafka({
  workDir: join(root, '.cache/bench-linkage/kafka'),
  brokerPort: settings.kafkaPort,
  controllerPort: settings.kafkaPort + 1,
  fresh: true,
  heapMb: 512,
  security: {
    tls: await localBrokerTls(await throwawayCa('Interagency Hub CA (linkage benchmark)')),
    scram: { users, superUsers: ['hub', 'linkage'] },
  },
});
const loads: number[][] = [];
let service: NodeService | undefined;
let hubStandIn: Server | undefined;
let dataSource: DataSource | undefined;

try {
  log(`machine: ${JSON.stringify(machineDescription())}; load average ${loadText()}`);
  const total = options.rate * options.seconds;
  const generated = linkageDeliveries(root, Math.ceil(total / 7) + 10, options.seed);
  const deliveries = generated.deliveries.slice(0, total);
  if (deliveries.length < total) throw new Error(`the demo gave ${deliveries.length} deliveries, fewer than the ${total} asked for`);
  const people = new Set(deliveries.map((d) => d.key)).size;
  log(`${deliveries.length} deliveries of ${people} people (demo seed ${options.seed}), ${avgBytes(deliveries)} bytes each on average`);

  await kafka.start();
  const client = new Kafka({
    clientId: 'bench-linkage',
    brokers: kafka.brokers,
    ...kafkaSecurityOptions({ sasl: kafka.sasl('hub'), ssl: { ca: [kafka.caCertificatePem] } }),
    logLevel: logLevel.NOTHING,
  });
  const admin = client.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: options.partitions }], waitForLeaders: true });
  await ensureDatabase(databaseUrl);
  let published = 0;
  hubStandIn = await startHubStandIn(HUB_STAND_IN_PORT, (count) => (published += count));
  const keyPem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  service = startNodeService(
    'linkage',
    join(root, 'dist/apps/linkage/src/main.js'),
    {
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_TLS_CA_FILE: kafka.caFile,
      HTTP_HOST: '127.0.0.1',
      KAFKA_SASL_USERNAME: 'linkage',
      KAFKA_SASL_PASSWORD: kafka.sasl('linkage').password,
      DATABASE_URL: databaseUrl,
      HTTP_PORT: String(LINKAGE_PORT),
      HUB_URL: `http://127.0.0.1:${HUB_STAND_IN_PORT}`,
      HUB_API_KEY: 'bench-hub-api-key-0123456789abcdef',
      LINKAGE_SIGNING_KEY: keyPem,
      LINKAGE_SIGNING_KEY_ID: 'linkage-bench',
      LINKAGE_API_KEYS: `*:bench:${KEY}`,
    },
    join(root, `.cache/bench-linkage/logs/linkage-${stamp}.log`),
    options.nodeArgs,
  );
  const pid = service.process.pid ?? 0;
  const url = `http://127.0.0.1:${LINKAGE_PORT}`;
  await waitUntil(
    'the linkage service',
    () =>
      fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      ),
    120_000,
    200,
  );
  dataSource = await createDataSource({ url: databaseUrl, applicationName: 'linkage-bench', entities: [], migrations: [] }).initialize();
  const db = dataSource;
  const folded = async (): Promise<number> => (await db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM linkage_inbox'))[0]?.n ?? 0;

  // (1) Throughput and lag.
  // Sends go out back to back on one connection per broker (in order); the hub's relay is idempotent with one in flight, slower than needed here.
  const producer = client.producer({ createPartitioner: JAVA_COMPATIBLE_PARTITIONER });
  await producer.connect();
  const written = new WrittenOffsets();
  const samples: LoadSample[] = [];
  let offered = 0;
  let loadDone = false;
  const started = Date.now();
  const sample = async (): Promise<LoadSample> => {
    const now = Date.now();
    // A broker too busy to answer this once (the machine is shared) costs a sample, not the run.
    const lag = await groupLag(admin, LINKAGE_CONSUMER_GROUP, TOPIC, written, now).catch(() => ({
      messages: Number.NaN,
      seconds: Number.NaN,
    }));
    const entry = {
      t: (now - started) / 1000,
      offered,
      lagMessages: lag.messages,
      lagSeconds: lag.seconds,
      rssMiB: rssOf(pid).rssMiB,
      cpuSeconds: cpuSecondsOf(pid),
      folded: await folded(),
    };
    samples.push(entry);
    loads.push(loadavg());
    return entry;
  };
  const sampler = (async () => {
    while (!loadDone) {
      const next = Date.now() + 1000;
      const s = await sample();
      log(`  t=${s.t.toFixed(0)}s offered ${s.offered} lag ${s.lagMessages} (${s.lagSeconds} s) folded ${s.folded} RSS ${s.rssMiB} MiB`);
      await sleep(next - Date.now());
    }
  })();
  log(`offering ${options.rate} records/s for ${options.seconds} s onto ${TOPIC} (${options.partitions} partitions)`);
  const load = await offerDeliveries(producer, TOPIC, deliveries, options.rate, written, (n) => (offered += n));
  const loadStopped = Date.now();
  loadDone = true;
  await sampler;
  await producer.disconnect();
  log(`load stopped after ${load.seconds.toFixed(1)} s (${(deliveries.length / load.seconds).toFixed(0)} records/s offered); draining`);
  let drainedAfter: number | null = null;
  while (Date.now() - loadStopped < options.drainTimeout * 1000) {
    const s = await sample();
    if (s.lagMessages === 0) {
      drainedAfter = (Date.now() - loadStopped) / 1000;
      break;
    }
    if (samples.length % 4 === 0)
      log(`  t=${s.t.toFixed(0)}s lag ${s.lagMessages} (${s.lagSeconds} s) folded ${s.folded} RSS ${s.rssMiB} MiB`);
    await sleep(250);
  }
  const endFolded = await folded();
  const cpuSeconds = cpuSecondsOf(pid);
  // Folding ends when the last event is in the inbox (or at the end of the wait, if it never is).
  const foldSeconds = samples.find((s) => s.folded >= endFolded)?.t ?? (Date.now() - started) / 1000;
  const throughput = {
    records: deliveries.length,
    people,
    offeredPerSecond: Math.round(deliveries.length / load.seconds),
    generatorBehindMs: load.behindMs,
    maxLagMessages: Math.max(...samples.map((s) => s.lagMessages).filter(Number.isFinite)),
    maxLagSeconds: Math.max(...samples.map((s) => s.lagSeconds).filter(Number.isFinite)),
    samplesWithoutLag: samples.filter((s) => !Number.isFinite(s.lagMessages)).length,
    secondsFromLoadStopToLagZero: drainedAfter,
    drainTimeoutSeconds: options.drainTimeout,
    eventsFolded: endFolded,
    foldedPerSecond: Math.round(endFolded / foldSeconds),
    peakFoldedPerSecond: peakRate(samples),
    linkageCpuSeconds: Math.round(cpuSeconds),
    foldedPerCpuSecond: Math.round(endFolded / cpuSeconds),
    linkageEventsPublished: published,
    peakRssMiB: Math.max(rssOf(pid).peakMiB, ...samples.map((s) => s.rssMiB)),
  };
  log(`throughput: ${JSON.stringify(throughput)}`);

  // (2) Chain reads with N people stored.
  let reads: Record<string, unknown> | null = null;
  if (options.people > 0) {
    const preloadStarted = performance.now();
    await preloadChains(db, options.people);
    const preloadSeconds = Math.round((performance.now() - preloadStarted) / 1000);
    const person = (n: number) => 1 + ((n * 7_919 + 13) % options.people);
    await measureHttp(url, KEY, 200, (n) => `/v1/chains/${benchSubject(person(n + 1_000_003))}`);
    const chains = await measureHttp(url, KEY, options.requests, (n) => `/v1/chains/${benchSubject(person(n * 10))}`);
    await measureHttp(url, KEY, 200, (n) => `/v1/talent-cards/TC-B-${person(n + 1_000_003)}`);
    const cards = await measureHttp(url, KEY, options.requests, (n) => `/v1/talent-cards/TC-B-${person(n)}`);
    const caller = { agency: '*', name: 'bench' };
    const chainHandler = new GetChainHandler(db);
    const cardHandler = new LookupTalentCardHandler(db, {});
    const chainQueries = await timed(options.requests, (n) => chainHandler.get(benchSubject(person(n * 10 + 17)), caller));
    const cardQueries = await timed(options.requests, (n) => cardHandler.lookup(`TC-B-${person(n + 17)}`, caller));
    reads = { people: options.people, preloadSeconds, requests: options.requests, chains, cards, chainQueries, cardQueries };
    log(`chain reads: ${JSON.stringify(reads)}`);
  }
  const peakRssMiB = rssOf(pid).peakMiB;
  const result = {
    date: new Date().toISOString(),
    command: `npm run bench:linkage -- ${process.argv.slice(2).join(' ')}`.trim(),
    label: options.label,
    machine: machineDescription(),
    loadAverage: { duringRun: loadSummary(), at: loadText() },
    options,
    throughput,
    reads,
    peakRssMiB,
    samples,
  };
  const dir = join(root, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `linkage-${stamp}${options.label ? `-${options.label}` : ''}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(dir, 'linkage-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  log(`peak RSS of the linkage process ${peakRssMiB} MiB; written to ${file}`);
  await admin.disconnect();
} catch (error) {
  console.error(`linkage benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await service?.stop(30_000);
  await dataSource?.destroy();
  await new Promise((resolve) => (hubStandIn ? hubStandIn.close(resolve) : resolve(undefined)));
  await kafka.stop();
  if (!options.keepDatabase) await dropDatabase(databaseUrl).catch(() => undefined);
}

/** The hub's POST /v1/events as the publisher sees it: every batch accepted (202), the events counted. */
function startHubStandIn(port: number, onEvents: (count: number) => void): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { events?: unknown[] };
      onEvents(body.events?.length ?? 0);
      response.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}');
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** The highest folding rate over any 5 s of samples, events/s. */
function peakRate(samples: readonly LoadSample[]): number {
  let best = 0;
  for (let i = 0; i < samples.length; i++) {
    const later = samples.find((s) => s.t >= (samples[i]?.t ?? 0) + 5);
    const first = samples[i];
    if (later && first) best = Math.max(best, (later.folded - first.folded) / (later.t - first.t));
  }
  return Math.round(best);
}

function avgBytes(deliveries: readonly { value: string }[]): number {
  return Math.round(deliveries.reduce((sum, d) => sum + Buffer.byteLength(d.value), 0) / Math.max(1, deliveries.length));
}

function loadText(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}

function loadSummary(): { max1m: number; mean1m: number } {
  const ones = loads.map((l) => l[0] ?? 0);
  return { max1m: Math.max(0, ...ones), mean1m: ones.length ? Math.round((ones.reduce((a, b) => a + b, 0) / ones.length) * 100) / 100 : 0 };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

function log(text: string): void {
  console.log(`[bench:linkage] ${text}`);
}
