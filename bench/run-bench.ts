/**
 * `npm run bench` (`npm run bench -- --help` lists the options): in one run on one broker,
 * (1) the baseline: work-permit payloads through a bare kafkajs pipe; (2) after a 5 s warm-up,
 * publish → recorded latency at a fixed offered load (1,000 events/s), then (3) at a higher one
 * (5,000 events/s), both open-loop; (4) single-event requests, 16 in flight; (5) the slice: the
 * same number of events as the baseline through the whole path (HTTP batches into the hub, outbox,
 * relay, Kafka, public security's subscription, its inbound topic, the public-security adapter's
 * table); (6) with `--stored N`, N events preloaded into the hub's tables and the slice again; and
 * the peak RSS of every process. Prints the figures and writes them to bench/results/<stamp>.json
 * and bench/results/latest.json.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { localBrokerTls, LocalKafka, repoRoot, startNodeService, throwawayCa, type NodeService } from '@hub/devstack';
import { dropDatabase, ensureDatabase, withDatabase } from '@hub/persistence';
import { aWorkPermitIssuedEvent, ensureSubscription, onboardAgency, waitUntil } from '@hub/testing';
import pg from 'pg';
import { HUB_ROLES } from '../apps/hub/src/config/hub-config.js';
import { WORK_PERMIT_SUBSCRIPTION } from '../apps/psb-adapter/src/work-permits/work-permit-subscription.js';
import { runBaselinePipe } from './baseline-pipe.js';
import { shapeResult } from './bench-result.js';
import { readBenchSettings, type BenchSettings } from './bench-settings.js';
import { postJson } from './http-client.js';
import { HUB_API_PORT, hubProcessPlan } from './hub-processes.js';
import { measureLatency } from './latency-phase.js';
import { machineDescription, peakRssMiB, peakRssOfTree } from './measure.js';
import { checkStoredFits, preloadStoredEvents } from './preload-stored.js';
import { offerSingleEvents } from './single-event-load.js';
import { runSlice } from './slice-phase.js';

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

const settings = settingsOrExit();
const root = repoRoot();
const runDate = new Date();
const stamp = runDate.toISOString().replace(/[:.]/g, '-');
const hubUrl = `http://127.0.0.1:${HUB_API_PORT}`;
const eventsUrl = `${hubUrl}/v1/events`;
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
  if (settings.stored > 0) await checkStoredFits(settings.databaseServerUrl, settings.stored, log);
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
  // The recommended deployment: the hub's roles as separate processes of one app (HUB_ROLES), from hubProcessPlan.
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
  const processes = hubProcessPlan(settings, HUB_ROLES);
  const hubServices = processes.map((p) =>
    startNodeService(
      p.name,
      hubMain,
      { ...hubEnv, ...p.env, HUB_ROLES: p.roles, HTTP_PORT: String(p.port) },
      join(logs, `${p.name}-${stamp}.log`),
      profileArgs,
    ),
  );
  services.push(...hubServices);
  log(`hub processes: ${processes.map((p) => `${p.name} (${p.roles})`).join(', ')}; HUB_API_PROCESSES=${settings.apiProcesses}`);
  for (const p of processes) await waitForHealth(p.name, `http://127.0.0.1:${p.port}/health`);
  // Public security subscribes with its own API key; the hub picks the subscription up through NOTIFY.
  const psbAgency = await onboardAgency(hubUrl, BENCH_ADMIN_TOKEN, BENCH_PSB, 'benchmark');
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
  await waitForHealth('the adapter', 'http://127.0.0.1:18081/health');
  const subscription = await ensureSubscription(hubUrl, psbAgency.apiKey, WORK_PERMIT_SUBSCRIPTION);
  log(`${psbAgency.id} subscribed to the work-permit types over Kafka (subscription ${subscription.id})`);
  const bureau = await onboardAgency(hubUrl, BENCH_ADMIN_TOKEN, BENCH_BUREAU, 'benchmark');
  apiKey = bureau.apiKey;
  log(`onboarded ${bureau.id} (signing key ${bureau.keyId})`);
  const psbClient = new pg.Client({ connectionString: psbDb });
  psbClient.on('error', () => undefined);
  await psbClient.connect();
  /** Events accepted by the hub so far: the adapter has recorded them all once a phase is drained. */
  let expected = 0;
  const drain = async (accepted: number, what: string): Promise<void> => {
    expected += accepted;
    await waitUntil(
      what,
      async () => ((await psbClient.query<{ n: number }>('SELECT count(*)::int AS n FROM inbox')).rows[0]?.n ?? 0) >= expected,
      1_800_000,
      100,
    );
  };
  const phaseContext = { hubUrl: hubDb, psb: psbClient, post, sign: bureau.sign, drain, log };

  // The baseline just wrote its records to the broker's log; flush that to disk now, so the latency
  // phase measures the hub and not the kernel writing back the previous phase's pages.
  spawnSync('sync');
  const perRequest = settings.latencyEventsPerRequest;
  log(`warm-up: ${settings.latencyRate} events/s for 5 s, not measured`);
  await measureLatency({ ...phaseContext, log: () => undefined }, settings.latencyRate, 5, perRequest);
  const latencyAtFixedLoad = await measureLatency(
    phaseContext,
    settings.latencyRate,
    settings.latencySeconds,
    perRequest,
    settings.latencyDump,
  );
  const latencyAtHighLoad = await measureLatency(phaseContext, settings.highLatencyRate, settings.latencySeconds, perRequest);

  log(`single-event requests: ${settings.singleEvents}, ${settings.singleConcurrency} in flight, keep-alive`);
  const singleEvents = await offerSingleEvents(
    settings.singleEvents,
    settings.singleConcurrency,
    (body) => postJson(eventsUrl, body, auth()),
    bureau.sign,
  );
  if (singleEvents.firstRejection)
    log(`  the hub refused ${singleEvents.requests - singleEvents.accepted}; the first answer: ${singleEvents.firstRejection}`);
  log(`  ${(singleEvents.accepted / singleEvents.seconds).toFixed(0)} requests/s accepted`);
  await drain(singleEvents.accepted, 'every single-event request recorded');

  const measured = [
    ...processes.map((p, n) => ({ name: p.name, pid: hubServices[n]?.process.pid ?? 0 })),
    { name: 'psb-adapter', pid: psb.process.pid ?? 0 },
  ];
  const slice = await runSlice(phaseContext, 'slice', events, settings.httpBatchSize, settings.httpConcurrency, measured);

  let stored;
  if (settings.stored > 0) {
    log(`stored: preloading ${settings.stored} events into the hub's tables (SQL, not HTTP)`);
    const preloaded = await preloadStoredEvents(hubDb, psbDb, settings.stored, subscription.id, log);
    log(`  preloaded in ${preloaded.seconds.toFixed(0)} s: ${JSON.stringify(preloaded.rows)}`);
    const fresh = Array.from({ length: settings.events }, () => aWorkPermitIssuedEvent());
    const storedSlice = await runSlice(
      phaseContext,
      `slice over ${settings.stored} stored events`,
      fresh,
      settings.httpBatchSize,
      settings.httpConcurrency,
      measured,
    );
    stored = { events: settings.stored, preloadSeconds: preloaded.seconds, preloaded: preloaded.rows, slice: storedSlice };
  }
  await psbClient.end();

  const peakRss = {
    hub: processes.map((p, n) => ({ group: p.group, name: p.name, mib: [...peakRssOfTree(hubServices[n]?.process.pid ?? 0).values()] })),
    psbAdapter: peakRssMiB(psb.process.pid ?? 0),
  };
  log(`peak RSS (MiB): ${peakRss.hub.map((p) => `${p.name} ${p.mib.join(' + ')}`).join(', ')}, adapter ${peakRss.psbAdapter}`);

  const result = shapeResult({
    date: runDate,
    machine: { ...machineDescription(), kafka: '4.1.1 (single node, KRaft)', postgres: pgVersion },
    settings,
    processes,
    baseline: { events: settings.events, seconds: baseline.seconds },
    latencyAtFixedLoad,
    latencyAtHighLoad,
    singleEvents,
    slice,
    stored,
    peakRss,
  });
  const resultsDir = join(root, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${stamp}.json`);
  const text = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(file, text);
  writeFileSync(join(resultsDir, 'latest.json'), text);
  if (result.stored.eventsPerSecond !== null)
    log(
      `stored: ${result.stored.eventsPerSecond} events/s over ${result.stored.events} stored events, ${result.slice.eventsPerSecond} on the empty database`,
    );
  log(`ratio slice / baseline: ${result.ratioSliceToBaseline}`);
  log(`written to ${file} and bench/results/latest.json`);
} catch (error) {
  console.error(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  for (const service of services) await service.stop();
  await kafka.stop();
  await dropDatabase(hubDb).catch(() => undefined);
  await dropDatabase(psbDb).catch(() => undefined);
}

/** The settings, or the process ends: 0 after --help, 2 on a bad option (commander has printed why) or variable. */
function settingsOrExit(): BenchSettings {
  try {
    return readBenchSettings();
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.code === 'commander.helpDisplayed' ? 0 : 2);
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
}

function auth(): Record<string, string> {
  return { authorization: `Bearer ${apiKey}` };
}

function post(body: unknown): Promise<{ status: number; text: string }> {
  return postJson(eventsUrl, body, auth());
}

async function waitForHealth(what: string, url: string): Promise<void> {
  await waitUntil(
    what,
    () =>
      fetch(url).then(
        (r) => r.status === 200,
        () => false,
      ),
    120_000,
    200,
  );
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
