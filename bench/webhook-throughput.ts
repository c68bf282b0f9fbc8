/**
 * `npm run bench:webhooks [-- --events N --people N --baseline-concurrency N]`: webhook deliveries
 * through the real hub (API, relay + audit, dispatcher processes on PostgreSQL and a local Kafka) to
 * a fast local endpoint that answers 200 with a signed receipt. N events for N/2 people (two per
 * person, so the per-subject order rule is exercised) are published in HTTP batches; measured:
 * deliveries acknowledged per second (first publish → last receipt recorded), publish →
 * acknowledged p50/p99, the rate at which the backlog left after the last publish drained, and the
 * CPU per delivery of the dispatcher and its database backends (which other work on the machine
 * does not change). The same-run baseline is a plain Node http POST loop to the same endpoint.
 * WEBHOOK_CONCURRENCY, when set, is passed to the hub; --profile-dir writes the dispatcher's V8 CPU profile. Writes bench/results/webhooks-<stamp>.json.
 */
import 'reflect-metadata';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { exportPublicKey, generateSigningKeyPair } from '@hub/identity';
import { localBrokerTls, LocalKafka, repoRoot, startNodeService, throwawayCa, type NodeService } from '@hub/devstack';
import { dropDatabase, ensureDatabase, withDatabase } from '@hub/persistence';
import { aWorkPermitIssuedEvent, onboardAgency, waitUntil } from '@hub/testing';
import pg from 'pg';
import { HUB_ROLES } from '../apps/hub/src/config/hub-config.js';
import { parseCount } from './bench-settings.js';
import { postJson } from './http-client.js';
import { HUB_API_PORT, hubProcessPlan } from './hub-processes.js';
import { machineDescription } from './measure.js';
import { postLoop, summarize } from './webhook-baseline.js';
import { backendCpuBetween, backendCpuMs, processCpuMs } from './webhook-cpu.js';
import { WebhookEndpoint } from './webhook-endpoint.js';

const ADMIN_TOKEN = 'benchmark-admin-token-0123456789abcdef';
const PUBLISHER = {
  id: 'bureau-310000',
  kind: 'bureau',
  region: '310000',
  nameZh: '上海市外国专家局',
  nameEn: 'Shanghai Foreign Experts Bureau',
};
const SUBSCRIBER = {
  id: 'psb-310000',
  kind: 'psb',
  region: '310000',
  nameZh: '上海市公安局出入境管理局',
  nameEn: 'Shanghai Exit-Entry Administration',
};

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: process.env['BENCH_EVENTS'] ?? '20000' },
    people: { type: 'string' },
    'baseline-concurrency': { type: 'string', default: '64' },
    'timeout-seconds': { type: 'string', default: '600' },
    'kafka-port': { type: 'string', default: process.env['BENCH_KAFKA_PORT'] ?? '49092' },
    label: { type: 'string', default: '' },
    'profile-dir': { type: 'string', default: process.env['BENCH_PROFILE_DIR'] },
  },
});
const events = parseCount(values.events, '--events');
const people = parseCount(values.people ?? String(Math.max(1, Math.floor(events / 2))), '--people');
const baselineConcurrency = parseCount(values['baseline-concurrency'], '--baseline-concurrency');
const timeoutMs = parseCount(values['timeout-seconds'], '--timeout-seconds') * 1000;
const kafkaPort = parseCount(values['kafka-port'], '--kafka-port');
const webhookConcurrency = process.env['WEBHOOK_CONCURRENCY'];

const root = repoRoot();
const runDate = new Date();
const stamp = runDate.toISOString().replace(/[:.]/g, '-');
const hubUrl = `http://127.0.0.1:${HUB_API_PORT}`;
const databaseServer = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const hubDb = withDatabase(databaseServer, `hub_webhook_bench_${process.pid}`);
const kafka = new LocalKafka({
  workDir: join(root, '.cache/bench/webhook-kafka'),
  brokerPort: kafkaPort,
  controllerPort: kafkaPort + 1,
  fresh: true,
  heapMb: 512,
  security: {
    tls: await localBrokerTls(await throwawayCa('Interagency Hub CA (webhook benchmark)')),
    scram: { users: [{ name: 'hub', password: randomBytes(24).toString('base64url') }], superUsers: ['hub'] },
  },
});
const services: NodeService[] = [];
const receiptKeys = generateSigningKeyPair('ed25519');
const endpoint = new WebhookEndpoint(SUBSCRIBER.id, { keyId: `${SUBSCRIBER.id}-receipts`, privateKey: receiptKeys.privateKey });

try {
  const endpointUrl = await endpoint.start();
  await kafka.start();
  await ensureDatabase(hubDb);
  const pem = (key: ReturnType<typeof generateKeyPairSync>['privateKey']) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
  const hubEnv: Record<string, string> = {
    KAFKA_BROKERS: kafka.brokers.join(','),
    KAFKA_TLS_CA_FILE: kafka.caFile,
    HTTP_HOST: '127.0.0.1',
    KAFKA_SASL_USERNAME: 'hub',
    KAFKA_SASL_PASSWORD: kafka.sasl('hub').password,
    DATABASE_URL: hubDb,
    SUBJECT_ID_KEY: 'benchmark-subject-key-0123456789abcdef',
    FIELD_ENCRYPTION_KEYS: 'bench-k1:aes-256-gcm://79/Pv6+fj39vX08/Lx8O/u7ezr6uno5+bl5OPi4eA=',
    FIELD_ENCRYPTION_ACTIVE_KEY: 'bench-k1',
    AUDIT_SIGNING_KEY: pem(generateKeyPairSync('ed25519').privateKey),
    WEBHOOK_SIGNING_KEY: pem(generateKeyPairSync('ed25519').privateKey),
    WEBHOOK_ALLOW_PLAIN_HTTP: 'true',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    ADMIN_TOKEN,
    PUBLISH_RATE_PER_SECOND: '10000000',
    PUBLISH_BURST: '10000000',
    REQUEST_RATE_PER_SECOND: '10000000',
    REQUEST_BURST: '10000000',
    ...(webhookConcurrency === undefined ? {} : { WEBHOOK_CONCURRENCY: webhookConcurrency }),
  };
  const processes = hubProcessPlan({ relays: 1, apiProcesses: 1, dispatcher: true }, HUB_ROLES);
  const logs = join(root, '.cache/bench/logs');
  for (const p of processes) {
    services.push(
      startNodeService(
        p.name,
        join(root, 'dist/apps/hub/src/main.js'),
        { ...hubEnv, ...p.env, HUB_ROLES: p.roles, HTTP_PORT: String(p.port) },
        join(logs, `webhooks-${p.name}-${stamp}.log`),
        values['profile-dir'] && p.group === 'hubDispatch' ? ['--cpu-prof', `--cpu-prof-dir=${values['profile-dir']}`] : [],
      ),
    );
  }
  for (const p of processes) await waitForHealth(p.name, `http://127.0.0.1:${p.port}/health`);
  log(
    `hub processes: ${processes.map((p) => `${p.name} (${p.roles})`).join(', ')}; WEBHOOK_CONCURRENCY=${webhookConcurrency ?? 'default'}`,
  );

  const subscriber = await onboardAgency(hubUrl, ADMIN_TOKEN, { ...SUBSCRIBER, contact: 'bench@example.invalid' }, 'benchmark');
  await admin('POST', `/v1/admin/agencies/${SUBSCRIBER.id}/signing-keys`, {
    keyId: `${SUBSCRIBER.id}-receipts`,
    alg: 'ed25519',
    publicKey: exportPublicKey(receiptKeys.publicKey),
  });
  const subscribed = await fetch(`${hubUrl}/v1/subscriptions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${subscriber.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'webhook benchmark',
      eventTypes: [{ type: 'work-permit.issued' }],
      channels: { webhook: { url: `${endpointUrl}/events` } },
    }),
  });
  if (subscribed.status !== 201) throw new Error(`subscribing answered ${subscribed.status}: ${await subscribed.text()}`);
  const publisher = await onboardAgency(hubUrl, ADMIN_TOKEN, { ...PUBLISHER, contact: 'bench@example.invalid' }, 'benchmark');

  const sample = JSON.stringify(aWorkPermitIssuedEvent());
  log(`baseline: ${events} plain http POSTs of ${sample.length} bytes to the endpoint, ${baselineConcurrency} in flight`);
  const baseline = await postLoop(`${endpointUrl}/baseline`, sample, events, baselineConcurrency);
  log(`  ${baseline.perSecond} requests/s, p50 ${baseline.latency.p50Ms} ms, p99 ${baseline.latency.p99Ms} ms`);
  endpoint.answeredAt.clear();

  const holders = Array.from({ length: people }, (_, n) => ({
    permitNo: String(100_000_000_000_000_000n + BigInt(n)),
    holder: { passportNo: `B${String(10_000_000 + n)}`, nationality: 'FRA', birthDate: '1988-04-12', name: 'Bench Person' },
  }));
  const signed = Array.from({ length: events }, (_, n) => {
    const person = holders[n % people]!;
    return publisher.sign(aWorkPermitIssuedEvent({ id: randomUUID(), permitNo: person.permitNo, data: { holder: person.holder } }));
  });
  const batches: { ids: string[]; body: Buffer }[] = [];
  for (let start = 0; start < signed.length; start += 500) {
    const slice = signed.slice(start, start + 500);
    batches.push({ ids: slice.map((event) => String(event['id'])), body: Buffer.from(JSON.stringify({ events: slice })) });
  }
  // CPU of the dispatcher and of its database backends: what a delivery costs, whatever else shares the machine.
  const db = new pg.Client({ connectionString: hubDb });
  await db.connect();
  const dispatcherPid = services[processes.findIndex((p) => p.group === 'hubDispatch')]?.process.pid ?? 0;
  const dispatcherCpuBefore = processCpuMs(dispatcherPid);
  const backendsBefore = await backendCpuMs(db, 'hub-dispatch');
  log(`publishing ${events} events for ${people} people in HTTP batches of 500, 4 in flight`);
  const sentAt = new Map<string, number>();
  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let batch = batches[next++]; batch; batch = batches[next++]) {
        const now = Date.now();
        for (const id of batch.ids) sentAt.set(id, now);
        const answer = await postJson(`${hubUrl}/v1/events`, batch.body, { authorization: `Bearer ${publisher.apiKey}` });
        if (answer.status !== 202) throw new Error(`the hub answered ${answer.status}: ${answer.text.slice(0, 500)}`);
      }
    }),
  );
  const acceptedAt = Date.now();
  const publishedSeconds = (acceptedAt - started) / 1000;
  log(`  all accepted after ${publishedSeconds.toFixed(1)} s`);

  const acknowledged = async (): Promise<number> =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_deliveries WHERE acknowledged_at IS NOT NULL')).rows[0]?.n ?? 0;
  // The endpoint's own count until it has answered every event (counting rows would load the database under test), then the hub's.
  let done = 0;
  let lastLog = Date.now();
  while (done < events && Date.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    done = endpoint.answeredAt.size < events ? 0 : await acknowledged();
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      log(`  ${endpoint.answeredAt.size} answered by the endpoint after ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  }
  const cpu = {
    dispatcherMsPerDelivery: round((processCpuMs(dispatcherPid) - dispatcherCpuBefore) / events),
    dispatcherDatabaseMsPerDelivery: round(backendCpuBetween(backendsBefore, await backendCpuMs(db, 'hub-dispatch')) / events),
  };
  const rows = (
    await db.query<{ event_id: string; at: string; status: string }>(
      `SELECT event_id::text, (extract(epoch FROM acknowledged_at) * 1000)::float8::text AS at, status
         FROM webhook_deliveries WHERE acknowledged_at IS NOT NULL`,
    )
  ).rows;
  const problems = (
    await db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM webhook_deliveries WHERE acknowledged_at IS NULL GROUP BY status`,
    )
  ).rows;
  const outOfOrder = (
    await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_deliveries a JOIN webhook_deliveries b
          ON a.subscription_id = b.subscription_id AND a.subject_id = b.subject_id AND a.sequence < b.sequence
       WHERE a.delivered_at > b.delivered_at`,
    )
  ).rows[0]?.n;
  await db.end();
  const lastAck = Math.max(...rows.map((row) => Number(row.at)));
  const seconds = (lastAck - started) / 1000;
  // The backlog left once every event was accepted, and how fast it went: the webhook rate without the publishing beside it.
  const backlog = rows.filter((row) => Number(row.at) > acceptedAt).length;
  const drainPerSecond = backlog > 0 ? Math.round(backlog / ((lastAck - acceptedAt) / 1000)) : null;
  const latencies = rows.map((row) => Number(row.at) - (sentAt.get(row.event_id) ?? Number.NaN)).filter(Number.isFinite);
  const webhook = {
    events,
    people,
    acknowledged: rows.length,
    notAcknowledged: problems,
    deliveredOutOfSubjectOrder: outOfOrder,
    publishSeconds: round(publishedSeconds),
    seconds: round(seconds),
    perSecond: Math.round(rows.length / seconds),
    backlogWhenAllAccepted: backlog,
    drainPerSecond,
    latency: summarize(latencies),
    cpu,
  };
  log(
    `webhooks: ${webhook.acknowledged}/${events} acknowledged, ${webhook.perSecond}/s; publish → acknowledged p50 ${webhook.latency.p50Ms} ms, p99 ${webhook.latency.p99Ms} ms; ` +
      `the ${backlog} left when all were accepted went at ${drainPerSecond ?? '-'}/s`,
  );
  log(`  CPU per delivery: dispatcher ${cpu.dispatcherMsPerDelivery} ms, its database backends ${cpu.dispatcherDatabaseMsPerDelivery} ms`);
  const ratio = round(webhook.perSecond / baseline.perSecond);
  log(`ratio webhooks / plain POST loop: ${ratio}`);
  const result = {
    benchmark: 'webhooks',
    label: values.label || undefined,
    date: runDate.toISOString(),
    machine: machineDescription(),
    settings: { events, people, baselineConcurrency, webhookConcurrency: webhookConcurrency ?? 'default', httpBatch: 500 },
    baseline,
    webhook,
    ratioWebhookToBaseline: ratio,
  };
  const dir = join(root, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `webhooks-${stamp}${values.label ? `-${values.label}` : ''}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  log(`written to ${file}`);
  if (rows.length < events) process.exitCode = 1;
} catch (error) {
  console.error(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  for (const service of services) await service.stop();
  await endpoint.stop();
  await kafka.stop();
  await dropDatabase(hubDb).catch(() => undefined);
}

async function admin(method: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${hubUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'x-admin-id': 'benchmark' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
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

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function log(text: string): void {
  console.log(text);
}
