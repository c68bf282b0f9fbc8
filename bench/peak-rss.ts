/**
 * `node dist/bench/peak-rss.js`: the hub's processes as the benchmark starts them (API, relay + audit,
 * dispatcher, public-security adapter) on a local broker, `PEAK_RSS_EVENTS` signed events (30,000 by
 * default) posted in batches until the adapter has recorded all, then each process's peak resident
 * set (VmHWM) and where its memory sits at the end (anonymous vs file-backed pages). Throughput is
 * printed too, so a memory saving that costs speed shows. Runs without the baseline and latency
 * phases of `npm run bench`, for quick before/after comparisons of memory settings.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localBrokerTls, LocalKafka, repoRoot, startNodeService, throwawayCa, type NodeService } from '@hub/devstack';
import { dropDatabase, ensureDatabase, withDatabase } from '@hub/persistence';
import { aWorkPermitIssuedEvent, ensureSubscription, onboardAgency, waitUntil } from '@hub/testing';
import pg from 'pg';
import { WORK_PERMIT_SUBSCRIPTION } from '../apps/psb-adapter/src/work-permits/work-permit-subscription.js';
import { postJson } from './http-client.js';
import { readBenchSettings } from './bench-settings.js';

const ADMIN_TOKEN = 'peak-rss-admin-token-0123456789abcdef';
const BUREAU = {
  id: 'bureau-310000',
  kind: 'bureau',
  region: '310000',
  nameZh: '上海市外国专家局',
  nameEn: 'Shanghai Foreign Experts Bureau',
  contact: 'bench@example.invalid',
};
const PSB = {
  id: 'psb-310000',
  kind: 'psb',
  region: '310000',
  nameZh: '上海市公安局出入境管理局',
  nameEn: 'Shanghai Exit-Entry Administration',
  contact: 'bench@example.invalid',
};

const settings = readBenchSettings();
const events = Number(process.env['PEAK_RSS_EVENTS'] ?? 30_000);
/** Extra Node flags for every process, to try a memory setting before making it the default. */
const nodeArgs = (process.env['PEAK_RSS_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
const root = repoRoot();
const hubDb = withDatabase(settings.databaseServerUrl, `hub_rss_${process.pid}`);
const psbDb = withDatabase(settings.databaseServerUrl, `psb_rss_${process.pid}`);
const users = [{ name: 'hub', password: randomBytes(24).toString('base64url') }];
const kafka = new LocalKafka({
  workDir: join(root, '.cache/peak-rss/kafka'),
  brokerPort: settings.kafkaPort,
  controllerPort: settings.kafkaPort + 1,
  fresh: true,
  heapMb: 512,
  security: { tls: await localBrokerTls(await throwawayCa('Interagency Hub CA (peak RSS)')), scram: { users, superUsers: ['hub'] } },
});
const services: NodeService[] = [];
let apiKey = '';

try {
  await kafka.start();
  await ensureDatabase(hubDb);
  await ensureDatabase(psbDb);
  const logs = join(root, '.cache/peak-rss/logs');
  const common = { KAFKA_BROKERS: kafka.brokers.join(','), KAFKA_TLS_CA_FILE: kafka.caFile, HTTP_HOST: '127.0.0.1' };
  const hubEnv = {
    ...common,
    KAFKA_SASL_USERNAME: 'hub',
    KAFKA_SASL_PASSWORD: kafka.sasl('hub').password,
    DATABASE_URL: hubDb,
    SUBJECT_ID_KEY: 'peak-rss-subject-key-0123456789abcdef',
    FIELD_ENCRYPTION_KEYS: 'rss-k1:aes-256-gcm://79/Pv6+fj39vX08/Lx8O/u7ezr6uno5+bl5OPi4eA=',
    FIELD_ENCRYPTION_ACTIVE_KEY: 'rss-k1',
    AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ADMIN_TOKEN,
    PUBLISH_RATE_PER_SECOND: '10000000',
    PUBLISH_BURST: '10000000',
    REQUEST_RATE_PER_SECOND: '10000000',
    REQUEST_BURST: '10000000',
  };
  const hubMain = join(root, 'dist/apps/hub/src/main.js');
  const start = (name: string, roles: string, port: string) =>
    startNodeService(name, hubMain, { ...hubEnv, HUB_ROLES: roles, HTTP_PORT: port }, join(logs, `${name}.log`), nodeArgs);
  services.push(start('hub-api', 'api', '18180'), start('hub-relay', 'relay,audit', '18182'), start('hub-dispatch', 'dispatch', '18183'));
  await waitUntil(
    'the hub',
    () =>
      fetch('http://127.0.0.1:18180/health').then(
        (r) => r.ok,
        () => false,
      ),
    120_000,
    200,
  );
  const psbAgency = await onboardAgency('http://127.0.0.1:18180', ADMIN_TOKEN, PSB, 'peak-rss');
  services.push(
    startNodeService(
      'psb-adapter',
      join(root, 'dist/apps/psb-adapter/src/main.js'),
      {
        ...common,
        KAFKA_SASL_USERNAME: PSB.id,
        KAFKA_SASL_PASSWORD: psbAgency.kafkaPassword ?? '',
        DATABASE_URL: psbDb,
        HTTP_PORT: '18181',
        AGENCY_ID: PSB.id,
        READER_API_KEYS: `rss:${randomBytes(24).toString('hex')}`,
      },
      join(logs, 'psb-adapter.log'),
      nodeArgs,
    ),
  );
  await waitUntil(
    'the adapter',
    () =>
      fetch('http://127.0.0.1:18181/health').then(
        (r) => r.status === 200,
        () => false,
      ),
    120_000,
    200,
  );
  await ensureSubscription('http://127.0.0.1:18180', psbAgency.apiKey, WORK_PERMIT_SUBSCRIPTION);
  const bureau = await onboardAgency('http://127.0.0.1:18180', ADMIN_TOKEN, BUREAU, 'peak-rss');
  apiKey = bureau.apiKey;
  const signed = Array.from({ length: events }, () => bureau.sign(aWorkPermitIssuedEvent()));
  const bodies: Buffer[] = [];
  for (let i = 0; i < signed.length; i += settings.httpBatchSize) {
    bodies.push(Buffer.from(JSON.stringify({ events: signed.slice(i, i + settings.httpBatchSize) })));
  }
  const psbClient = new pg.Client({ connectionString: psbDb });
  await psbClient.connect();
  const recorded = async (): Promise<number> =>
    (await psbClient.query<{ n: number }>('SELECT count(*)::int AS n FROM inbox')).rows[0]?.n ?? 0;
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: settings.httpConcurrency }, async () => {
      for (let body = bodies[next++]; body; body = bodies[next++]) await post(body);
    }),
  );
  await waitUntil('every event recorded by the adapter', async () => (await recorded()) >= events, 600_000, 100);
  const seconds = (performance.now() - started) / 1000;
  await psbClient.end();
  console.log(`${events} events in ${seconds.toFixed(1)} s: ${(events / seconds).toFixed(0)} events/s end to end`);
  for (const service of services) console.log(`${service.name.padEnd(13)} ${memoryOf(service.process.pid ?? 0)}`);
} catch (error) {
  console.error(`peak RSS run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  for (const service of services) await service.stop();
  await kafka.stop();
  await dropDatabase(hubDb).catch(() => undefined);
  await dropDatabase(psbDb).catch(() => undefined);
}

async function post(body: Buffer): Promise<void> {
  const response = await postJson('http://127.0.0.1:18180/v1/events', body, { authorization: `Bearer ${apiKey}` });
  if (response.status !== 202) throw new Error(`the hub answered ${response.status}: ${response.text}`);
}

/**
 * VmHWM, the resident set at the end split into anonymous (heaps) and file-backed (code) pages, in
 * MiB, and the CPU seconds the process used (user + system): on a shared machine CPU time tells a
 * costlier setting apart where wall-clock throughput drifts with the neighbours' load.
 */
function memoryOf(pid: number): string {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses; in clock ticks (100 a second).
  const ticks = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const cpuSeconds = (Number(ticks[11]) + Number(ticks[12])) / 100;
  const mib = (field: string): number => Math.round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN) / 1024);
  return `peak ${mib('VmHWM')} MiB; now ${mib('VmRSS')} MiB (anonymous ${mib('RssAnon')}, file ${mib('RssFile')}); CPU ${cpuSeconds.toFixed(1)} s`;
}
