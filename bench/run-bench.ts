/**
 * `npm run bench`: in one run on one broker, (1) the baseline: work-permit payloads through a bare
 * kafkajs pipe; (2) after a 5 s warm-up, publish→recorded latency at a fixed offered load; (3) the
 * slice: the same number of events as the baseline through the whole path (HTTP batches into the
 * hub, outbox, relay, Kafka, the dispatcher delivering them to public security's subscription, the
 * relay again onto its inbound topic, the public-security adapter recording them). Prints the
 * figures and writes them to bench/results/.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localBrokerTls, LocalKafka, repoRoot, startNodeService, throwawayCa, type NodeService } from '@hub/devstack';
import { dropDatabase, ensureDatabase, withDatabase } from '@hub/persistence';
import { aWorkPermitIssuedEvent, ensureSubscription, onboardAgency, waitUntil } from '@hub/testing';
import pg from 'pg';
import { WORK_PERMIT_SUBSCRIPTION } from '../apps/psb-adapter/src/work-permits/work-permit-subscription.js';
import { runBaselinePipe } from './baseline-pipe.js';
import { postJson } from './http-client.js';
import { readBenchSettings } from './bench-settings.js';
import { offerFixedLoad } from './fixed-load.js';
import { machineDescription, peakRssMiB, percentile } from './measure.js';

const BENCH_ADMIN_TOKEN = 'benchmark-admin-token-0123456789abcdef';
const BENCH_BUREAU = {
  id: 'bureau-310000',
  kind: 'bureau',
  region: '310000',
  nameZh: '上海市外国专家局',
  nameEn: 'Shanghai Foreign Experts Bureau',
  contact: 'bench@example.invalid',
};
const BENCH_PSB = {
  id: 'psb-310000',
  kind: 'psb',
  region: '310000',
  nameZh: '上海市公安局出入境管理局',
  nameEn: 'Shanghai Exit-Entry Administration',
  contact: 'bench@example.invalid',
};
/** The benchmark bureau's API key, set once it is onboarded. */
let apiKey = '';

const settings = readBenchSettings();
const root = repoRoot();
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const hubDb = withDatabase(settings.databaseServerUrl, `hub_bench_${process.pid}`);
const psbDb = withDatabase(settings.databaseServerUrl, `psb_bench_${process.pid}`);
/** The benchmark's Kafka principals: the hub (super user) and the baseline pipe's own (super user, its topics are its own). */
const kafkaUsers = [
  { name: 'hub', password: randomBytes(24).toString('base64url') },
  { name: 'bench', password: randomBytes(24).toString('base64url') },
];
const kafka = new LocalKafka({
  workDir: join(root, '.cache/bench/kafka'),
  brokerPort: settings.kafkaPort,
  controllerPort: settings.kafkaPort + 1,
  fresh: true,
  heapMb: 512,
  security: {
    tls: await localBrokerTls(await throwawayCa('Interagency Hub CA (benchmark)')),
    scram: { users: kafkaUsers, superUsers: ['hub', 'bench'] },
  },
});
const kafkaSecurityOf = (user: string) => ({ sasl: kafka.sasl(user), ssl: { ca: [kafka.caCertificatePem] } });
const services: NodeService[] = [];

try {
  log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  await kafka.start();
  await ensureDatabase(hubDb);
  await ensureDatabase(psbDb);
  const pgVersion = await serverVersion(hubDb);
  log(`Kafka 4.1.1 at ${kafka.brokers.join(',')}; PostgreSQL ${pgVersion}`);

  const events = Array.from({ length: settings.events }, () => aWorkPermitIssuedEvent());
  log(`baseline: ${settings.events} payloads through a bare kafkajs producer → consumer pipe`);
  const baseline = await runBaselinePipe(
    kafka.brokers,
    kafkaSecurityOf('bench'),
    events.map((event) => ({ key: String(event['id']), value: JSON.stringify(event) })),
    settings.httpBatchSize,
  );
  const baselineRate = settings.events / baseline.seconds;
  log(`  ${baselineRate.toFixed(0)} events/s`);

  const logs = join(root, '.cache/bench/logs');
  const profileArgs = settings.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.profileDir}`] : [];
  const common = { KAFKA_BROKERS: kafka.brokers.join(','), KAFKA_TLS_CA_FILE: kafka.caFile, HTTP_HOST: '127.0.0.1' };
  const hubKafka = { KAFKA_SASL_USERNAME: 'hub', KAFKA_SASL_PASSWORD: kafka.sasl('hub').password };
  // The recommended deployment: the API, the relay and the dispatcher as separate processes of one app (HUB_ROLES).
  // Each runs the migrations at start (they take turns under the migrations lock), so none starts on a schema not made yet.
  const hubEnv = {
    ...common,
    ...hubKafka,
    DATABASE_URL: hubDb,
    SUBJECT_ID_KEY: 'benchmark-subject-key-0123456789abcdef',
    FIELD_ENCRYPTION_KEYS: 'bench-k1:aes-256-gcm://79/Pv6+fj39vX08/Lx8O/u7ezr6uno5+bl5OPi4eA=',
    FIELD_ENCRYPTION_ACTIVE_KEY: 'bench-k1',
    AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    // The benchmark measures throughput; the per-agency rate limits would only cap it.
    PUBLISH_RATE_PER_SECOND: '10000000',
    PUBLISH_BURST: '10000000',
    REQUEST_RATE_PER_SECOND: '10000000',
    REQUEST_BURST: '10000000',
  };
  const hubMain = join(root, 'dist/apps/hub/src/main.js');
  const hub = startNodeService(
    'hub',
    hubMain,
    { ...hubEnv, HUB_ROLES: 'api', HTTP_PORT: '18080' },
    join(logs, `hub-${stamp}.log`),
    profileArgs,
  );
  const relay = startNodeService(
    'hub-relay',
    hubMain,
    { ...hubEnv, HUB_ROLES: 'relay,audit', HTTP_PORT: '18082' },
    join(logs, `relay-${stamp}.log`),
    profileArgs,
  );
  const dispatcher = startNodeService(
    'hub-dispatch',
    hubMain,
    { ...hubEnv, HUB_ROLES: 'dispatch', HTTP_PORT: '18083' },
    join(logs, `dispatch-${stamp}.log`),
    profileArgs,
  );
  services.push(hub, relay, dispatcher);
  await waitUntil(
    'the hub',
    () =>
      fetch('http://127.0.0.1:18080/health').then(
        (r) => r.ok,
        () => false,
      ),
    120_000,
    200,
  );
  // Public security subscribes with its own API key; the dispatcher picks the subscription up through NOTIFY.
  const psbAgency = await onboardAgency('http://127.0.0.1:18080', BENCH_ADMIN_TOKEN, BENCH_PSB, 'benchmark');
  // The adapter starts once public security is onboarded: it logs in to Kafka with the credential the hub gave it.
  const psb = startNodeService(
    'psb-adapter',
    join(root, 'dist/apps/psb-adapter/src/main.js'),
    {
      ...common,
      KAFKA_SASL_USERNAME: BENCH_PSB.id,
      KAFKA_SASL_PASSWORD: psbAgency.kafkaPassword ?? '',
      DATABASE_URL: psbDb,
      HTTP_PORT: '18081',
      AGENCY_ID: BENCH_PSB.id,
      READER_API_KEYS: `bench:${randomBytes(24).toString('hex')}`,
    },
    join(logs, `psb-${stamp}.log`),
    profileArgs,
  );
  services.push(psb);
  await waitUntil(
    'the adapter',
    () =>
      fetch('http://127.0.0.1:18081/health').then(
        (r) => r.status === 200,
        () => false,
      ),
    120_000,
    200,
  );
  const subscription = await ensureSubscription('http://127.0.0.1:18080', psbAgency.apiKey, WORK_PERMIT_SUBSCRIPTION);
  log(`${psbAgency.id} subscribed to the work-permit types over Kafka (subscription ${subscription.id})`);
  const bureau = await onboardAgency('http://127.0.0.1:18080', BENCH_ADMIN_TOKEN, BENCH_BUREAU, 'benchmark');
  apiKey = bureau.apiKey;
  log(`onboarded ${bureau.id} (signing key ${bureau.keyId}); signing ${events.length} events before the clock starts`);
  const signedEvents = events.map((event) => bureau.sign(event));
  const psbClient = new pg.Client({ connectionString: psbDb });
  psbClient.on('error', () => undefined);
  await psbClient.connect();
  const recorded = async (): Promise<number> =>
    (await psbClient.query<{ n: number }>('SELECT count(*)::int AS n FROM inbox')).rows[0]?.n ?? 0;

  // The baseline just wrote its records to the broker's log; flush that to disk now, so the latency
  // phase measures the hub and not the kernel writing back the previous phase's pages.
  spawnSync('sync');
  const perRequest = settings.latencyEventsPerRequest;
  log(`warm-up: ${settings.latencyRate} events/s for 5 s, not measured`);
  await offerFixedLoad(settings.latencyRate, 5, perRequest, post, bureau.sign);
  let expected = settings.latencyRate * 5;
  await waitUntil('every warm-up event recorded', async () => (await recorded()) >= expected, 600_000, 100);

  log(`latency: ${settings.latencyRate} events/s offered for ${settings.latencySeconds} s, ${perRequest} event(s) per request`);
  const sentAt = await offerFixedLoad(settings.latencyRate, settings.latencySeconds, perRequest, post, bureau.sign);
  expected += sentAt.size;
  await waitUntil('every latency event recorded', async () => (await recorded()) >= expected, 600_000, 100);
  const rows = await psbClient.query<{ event_id: string; at: string }>(
    `SELECT event_id, (extract(epoch FROM received_at) * 1000)::float8 AS at FROM inbox WHERE event_id = ANY($1::uuid[])`,
    [[...sentAt.keys()]],
  );
  if (settings.latencyDump) {
    writeFileSync(
      settings.latencyDump,
      rows.rows.map((row) => `${sentAt.get(row.event_id)} ${Number(row.at) - (sentAt.get(row.event_id) ?? 0)}`).join('\n'),
    );
  }
  const latencies = rows.rows.map((row) => Number(row.at) - (sentAt.get(row.event_id) ?? Number.NaN)).sort((a, b) => a - b);
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  log(
    `  p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${percentile(latencies, 100).toFixed(1)} ms over ${latencies.length} events`,
  );
  // Where the time goes: publish → stored by the hub (events.received_at), stored → recorded by the adapter.
  const hubClient = new pg.Client({ connectionString: hubDb });
  await hubClient.connect();
  const storedRows = await hubClient.query<{ id: string; at: string }>(
    `SELECT id, (extract(epoch FROM received_at) * 1000)::float8 AS at FROM events WHERE id = ANY($1::uuid[])`,
    [[...sentAt.keys()]],
  );
  await hubClient.end();
  const storedAt = new Map(storedRows.rows.map((row) => [row.id, Number(row.at)]));
  const toStored = storedRows.rows.map((row) => Number(row.at) - (sentAt.get(row.id) ?? Number.NaN)).sort((a, b) => a - b);
  const toRecorded = rows.rows.map((row) => Number(row.at) - (storedAt.get(row.event_id) ?? Number.NaN)).sort((a, b) => a - b);
  const stages = {
    publishToStored: { p50Ms: percentile(toStored, 50), p99Ms: percentile(toStored, 99) },
    storedToRecorded: { p50Ms: percentile(toRecorded, 50), p99Ms: percentile(toRecorded, 99) },
  };
  log(
    `  of which publish → stored by the hub p50 ${stages.publishToStored.p50Ms.toFixed(1)} / p99 ${stages.publishToStored.p99Ms.toFixed(1)} ms, stored → recorded by the adapter p50 ${stages.storedToRecorded.p50Ms.toFixed(1)} / p99 ${stages.storedToRecorded.p99Ms.toFixed(1)} ms`,
  );

  log(
    `slice: ${settings.events} events in HTTP batches of ${settings.httpBatchSize}, ${settings.httpConcurrency} requests in flight, until the adapter has recorded all`,
  );
  // Request bodies are serialized before the clock starts: the client is not what is measured.
  const bodies: Buffer[] = [];
  for (let start = 0; start < events.length; start += settings.httpBatchSize) {
    bodies.push(Buffer.from(JSON.stringify({ events: signedEvents.slice(start, start + settings.httpBatchSize) })));
  }
  const sliceStarted = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: settings.httpConcurrency }, async () => {
      for (let body = bodies[next++]; body; body = bodies[next++]) await post(body);
    }),
  );
  const accepted = (performance.now() - sliceStarted) / 1000;
  await waitUntil('every event recorded by the adapter', async () => (await recorded()) >= expected + settings.events, 600_000, 100);
  const sliceSeconds = (performance.now() - sliceStarted) / 1000;
  const sliceRate = settings.events / sliceSeconds;
  log(
    `  ${sliceRate.toFixed(0)} events/s end to end (all accepted by the hub after ${accepted.toFixed(1)} s, all recorded after ${sliceSeconds.toFixed(1)} s)`,
  );

  await psbClient.end();

  const hubPeakRss = peakRssMiB(hub.process.pid ?? 0);
  const relayPeakRss = peakRssMiB(relay.process.pid ?? 0);
  const dispatchPeakRss = peakRssMiB(dispatcher.process.pid ?? 0);
  const psbPeakRss = peakRssMiB(psb.process.pid ?? 0);
  log(
    `peak RSS: hub API ${hubPeakRss} MiB, hub relay ${relayPeakRss} MiB, hub dispatcher ${dispatchPeakRss} MiB, adapter ${psbPeakRss} MiB`,
  );

  const result = {
    date: new Date().toISOString(),
    machine: {
      ...machineDescription(),
      kafka: '4.1.1 (single node, KRaft)',
      postgres: pgVersion,
    },
    settings,
    baseline: { eventsPerSecond: Math.round(baselineRate), seconds: baseline.seconds },
    slice: { eventsPerSecond: Math.round(sliceRate), seconds: sliceSeconds, acceptedAfterSeconds: accepted },
    ratioSliceToBaseline: Number((sliceRate / baselineRate).toFixed(3)),
    latencyAtFixedLoad: {
      offeredEventsPerSecond: settings.latencyRate,
      eventsPerRequest: perRequest,
      events: latencies.length,
      p50Ms: p50,
      p99Ms: p99,
      maxMs: percentile(latencies, 100),
      stages,
    },
    peakRssMiB: { hubApi: hubPeakRss, hubRelay: relayPeakRss, hubDispatch: dispatchPeakRss, psbAdapter: psbPeakRss },
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const file = join(root, 'bench/results', `bench-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  log(`ratio slice / baseline: ${result.ratioSliceToBaseline}`);
  log(`written to ${file}`);
} catch (error) {
  console.error(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  for (const service of services) await service.stop();
  await kafka.stop();
  await dropDatabase(hubDb).catch(() => undefined);
  await dropDatabase(psbDb).catch(() => undefined);
}

async function post(body: unknown): Promise<void> {
  const response = await postJson('http://127.0.0.1:18080/v1/events', body, { authorization: `Bearer ${apiKey}` });
  if (response.status !== 202) throw new Error(`the hub answered ${response.status}: ${response.text}`);
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?';
  await client.end();
  return version;
}

function log(text: string): void {
  console.log(text);
}
