import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import {
  localBrokerTls,
  LocalKafka,
  postgresServerSettings,
  repoRoot,
  startEmbeddedPostgres,
  startNodeService,
  throwawayCa,
  type NodeService,
} from '@hub/devstack';
import { kafkaSecurityOptions } from '@hub/messaging';
import { dropDatabase, ensureDatabase, withDatabase } from '@hub/persistence';
import { ensureSubscription, onboardAgency, waitUntil } from '@hub/testing';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import pg from 'pg';
import { HUB_ROLES } from '../apps/hub/src/config/hub-config.js';
import { WORK_PERMIT_SUBSCRIPTION } from '../apps/psb-adapter/src/work-permits/work-permit-subscription.js';
import { postJson } from './http-client.js';
import { HUB_API_PORT, hubProcessPlan, type HubProcess } from './hub-processes.js';
import type { SoakSettings } from './soak-settings.js';

const ADMIN_TOKEN = 'soak-admin-token-0123456789abcdef0123';
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
/** The adapter's consumer group: its configuration's default for public security's agency id. */
export const PSB_CONSUMER_GROUP = `agency.${PSB.id}.psb-adapter`;

/** The hub and the adapter running for a soak, with what the run needs of them. */
export interface SoakHub {
  readonly processes: readonly (HubProcess | { readonly name: string; readonly roles: string })[];
  readonly pids: readonly { readonly name: string; readonly pid: number }[];
  readonly post: (body: unknown) => Promise<{ status: number; text: string }>;
  readonly sign: <T extends object>(event: T) => T;
  readonly psb: pg.Client;
  readonly hub: pg.Client;
  /** The hub API's base URL, its admin token and the two databases' URLs. */
  readonly url: string;
  readonly adminToken: string;
  readonly hubDatabaseUrl: string;
  readonly psbDatabaseUrl: string;
  readonly admin: Admin;
  readonly postgresVersion: string;
  readonly stop: () => Promise<void>;
}

/**
 * Starts what `npm run bench` starts, the same way: a fresh single-node broker with TLS and SCRAM,
 * the hub's databases, the hub as one process per role set (hubProcessPlan with the defaults: API,
 * relay + audit, a dispatcher while the hub has that role), public security onboarded and its
 * adapter subscribed, and a bureau onboarded to publish. Whatever started is stopped again if a
 * later step fails. `apiRoles` gives the API process more roles (e.g. `api,console`).
 */
export async function startSoakHub(
  settings: SoakSettings,
  stamp: string,
  log: (text: string) => void,
  options: { readonly apiRoles?: string } = {},
): Promise<SoakHub> {
  const root = repoRoot();
  const server = await databaseServerFor(settings, root, log);
  const hubDb = withDatabase(server.url, `hub_soak_${process.pid}`);
  const psbDb = withDatabase(server.url, `psb_soak_${process.pid}`);
  const kafka = new LocalKafka({
    workDir: join(root, '.cache/soak/kafka'),
    brokerPort: settings.kafkaPort,
    controllerPort: settings.kafkaPort + 1,
    fresh: true,
    heapMb: 512,
    security: {
      tls: await localBrokerTls(await throwawayCa('Interagency Hub CA (soak)')),
      scram: { users: [{ name: 'hub', password: randomBytes(24).toString('base64url') }], superUsers: ['hub'] },
    },
  });
  const services: NodeService[] = [];
  const clients: pg.Client[] = [];
  let admin: Admin | undefined;
  const stop = async (): Promise<void> => {
    await admin?.disconnect().catch(() => undefined);
    for (const client of clients) await client.end().catch(() => undefined);
    for (const service of services) await service.stop();
    await kafka.stop();
    await dropDatabase(hubDb).catch(() => undefined);
    await dropDatabase(psbDb).catch(() => undefined);
    await server.stop();
  };
  try {
    // The benchmark's plan, moved to --http-port so a soak can run beside a benchmark on one machine.
    const shift = settings.httpPort - HUB_API_PORT;
    const plan = hubProcessPlan({ relays: 1, apiProcesses: 1, dispatcher: 'auto' }, HUB_ROLES).map((p) => ({
      ...p,
      port: p.port + shift,
      roles: p.group === 'hubApi' && options.apiRoles ? options.apiRoles : p.roles,
    }));
    const psbPort = settings.httpPort + 1;
    await expectPortsFree([...plan.map((p) => p.port), psbPort]);
    await kafka.start();
    await ensureDatabase(hubDb);
    await ensureDatabase(psbDb);
    const logs = join(root, '.cache/soak/logs');
    const common = { KAFKA_BROKERS: kafka.brokers.join(','), KAFKA_TLS_CA_FILE: kafka.caFile, HTTP_HOST: '127.0.0.1' };
    const hubEnv = {
      ...common,
      KAFKA_SASL_USERNAME: 'hub',
      KAFKA_SASL_PASSWORD: kafka.sasl('hub').password,
      DATABASE_URL: hubDb,
      SUBJECT_ID_KEY: 'soak-subject-key-0123456789abcdef0123',
      FIELD_ENCRYPTION_KEYS: 'soak-k1:aes-256-gcm://79/Pv6+fj39vX08/Lx8O/u7ezr6uno5+bl5OPi4eA=',
      FIELD_ENCRYPTION_ACTIVE_KEY: 'soak-k1',
      AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      ADMIN_TOKEN,
      // The run offers a fixed load; the per-agency rate limits would only cap it.
      PUBLISH_RATE_PER_SECOND: '10000000',
      PUBLISH_BURST: '10000000',
      REQUEST_RATE_PER_SECOND: '10000000',
      REQUEST_BURST: '10000000',
    };
    const hubMain = join(root, 'dist/apps/hub/src/main.js');
    for (const p of plan) {
      services.push(
        startNodeService(
          p.name,
          hubMain,
          { ...hubEnv, ...p.env, HUB_ROLES: p.roles, HTTP_PORT: String(p.port) },
          join(logs, `${p.name}-${stamp}.log`),
        ),
      );
    }
    log(`hub processes: ${plan.map((p) => `${p.name} (${p.roles})`).join(', ')}`);
    for (const p of plan) await waitForHealth(p.name, `http://127.0.0.1:${p.port}/health`);
    const hubUrl = `http://127.0.0.1:${settings.httpPort}`;
    const psbAgency = await onboardAgency(hubUrl, ADMIN_TOKEN, PSB, 'soak');
    services.push(
      startNodeService(
        'psb-adapter',
        join(root, 'dist/apps/psb-adapter/src/main.js'),
        {
          ...common,
          KAFKA_SASL_USERNAME: PSB.id,
          KAFKA_SASL_PASSWORD: psbAgency.kafkaPassword ?? '',
          DATABASE_URL: psbDb,
          HTTP_PORT: String(psbPort),
          AGENCY_ID: PSB.id,
          CONSUMER_GROUP: PSB_CONSUMER_GROUP,
          READER_API_KEYS: `soak:${randomBytes(24).toString('hex')}`,
        },
        join(logs, `psb-${stamp}.log`),
      ),
    );
    await waitForHealth('the adapter', `http://127.0.0.1:${psbPort}/health`);
    await ensureSubscription(hubUrl, psbAgency.apiKey, WORK_PERMIT_SUBSCRIPTION);
    const bureau = await onboardAgency(hubUrl, ADMIN_TOKEN, BUREAU, 'soak');
    log(`${PSB.id} subscribed; ${bureau.id} onboarded to publish`);
    const connect = async (url: string): Promise<pg.Client> => {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => undefined);
      clients.push(client);
      await client.connect();
      return client;
    };
    const psb = await connect(psbDb);
    const hub = await connect(hubDb);
    const kafkaClient = new Kafka({
      clientId: 'soak-sampler',
      brokers: kafka.brokers,
      ...kafkaSecurityOptions({ sasl: kafka.sasl('hub'), ssl: { ca: [kafka.caCertificatePem] } }),
      logLevel: logLevel.NOTHING,
    });
    admin = kafkaClient.admin();
    await admin.connect();
    const show = async (name: string): Promise<string> => (await hub.query<Record<string, string>>(`SHOW ${name}`)).rows[0]?.[name] ?? '?';
    const postgresVersion = `${await show('server_version')} (${server.description}; autovacuum ${await show('autovacuum')}, shared_buffers ${await show('shared_buffers')}, max_wal_size ${await show('max_wal_size')})`;
    const eventsUrl = `${hubUrl}/v1/events`;
    return {
      processes: [...plan, { name: 'psb-adapter', roles: 'adapter' }],
      pids: services.map((service) => ({ name: service.name, pid: service.process.pid ?? 0 })),
      post: (body) => postJson(eventsUrl, body, { authorization: `Bearer ${bureau.apiKey}` }),
      sign: bureau.sign,
      psb,
      hub,
      url: hubUrl,
      adminToken: ADMIN_TOKEN,
      hubDatabaseUrl: hubDb,
      psbDatabaseUrl: psbDb,
      admin,
      postgresVersion,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The run's PostgreSQL server: DATABASE_URL's (with a warning when its autovacuum is off or a
 * setting differs from config/postgres.conf), or the run's own embedded server, fresh, with the
 * settings of config/postgres.conf, removed when the run stops. The hub's outbox and audit leaves
 * and the adapter's sequence tables are queues: rows come and go at the event rate, and without
 * autovacuum their dead rows pile up and every pass over them slows.
 */
async function databaseServerFor(
  settings: SoakSettings,
  root: string,
  log: (text: string) => void,
): Promise<{ url: string; description: string; stop: () => Promise<void> }> {
  if (settings.databaseServerUrl) {
    const client = new pg.Client({ connectionString: settings.databaseServerUrl });
    await client.connect();
    try {
      const autovacuum = (await client.query<{ autovacuum: string }>('SHOW autovacuum')).rows[0]?.autovacuum;
      if (autovacuum !== 'on') {
        log(
          `warning: autovacuum is ${autovacuum} on DATABASE_URL's server: the hub's outbox and audit leaves and the adapter's ` +
            'sequence tables keep every dead row, so the run slows as it goes; unset DATABASE_URL to run on an embedded server with the settings of config/postgres.conf',
        );
      }
      const wanted = postgresServerSettings();
      const running = await client.query<{ name: string; value: string }>(
        'SELECT name, current_setting(name) AS value FROM unnest($1::text[]) AS name',
        [wanted.map((setting) => setting.name)],
      );
      const now = new Map(running.rows.map((row) => [row.name, row.value]));
      const differing = wanted.filter(({ name, value }) => now.get(name)?.toLowerCase() !== value.toLowerCase());
      if (differing.length > 0) {
        const shown = differing.map(({ name, value }) => `${name} ${now.get(name)} (${value} there)`);
        log(`warning: DATABASE_URL's server differs from config/postgres.conf, which the hub's database runs with: ${shown.join(', ')}`);
      }
    } finally {
      await client.end();
    }
    return { url: settings.databaseServerUrl, description: 'DATABASE_URL', stop: () => Promise.resolve() };
  }
  const dataDir = join(root, '.cache/soak/postgres');
  rmSync(dataDir, { recursive: true, force: true });
  const port = await freeLocalPort();
  const embedded = await startEmbeddedPostgres(dataDir, port, { cloneRoot: root });
  log(`PostgreSQL: embedded on port ${port}, with the settings of config/postgres.conf (${embedded.dataDir})`);
  return {
    url: embedded.adminUrl,
    description: 'embedded',
    stop: async () => {
      await embedded.stop();
      rmSync(embedded.dataDir, { recursive: true, force: true });
    },
  };
}

async function freeLocalPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port on 127.0.0.1');
  return address.port;
}

/** Fails, naming the port, when something listens there already: its health check would answer for ours. */
async function expectPortsFree(ports: readonly number[]): Promise<void> {
  for (const port of ports) {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', () =>
        reject(new Error(`port ${port} on 127.0.0.1 is in use (another hub or benchmark?); choose other ports with --http-port`)),
      );
      server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
    });
  }
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
