/**
 * `npm start`: brings up the whole hub on this machine and shows one event's journey.
 * PostgreSQL from DATABASE_URL or an embedded server; a real Kafka broker from the official jars;
 * the hub (API, relay, dispatcher), the public-security adapter (psb-310000), the linkage service
 * and the bureau adapters of Shanghai and Beijing (scripts/start-bureaus.ts) as child processes; then
 * public security subscribes, a demo bureau publishes a few work permits, and the script follows each
 * to public security's records.
 * Ctrl-C stops everything in order: the apps first (they leave their Kafka consumer groups, so the
 * next start rejoins at once), then the broker, then the database; the broker and the database run
 * in their own process groups, so the terminal's Ctrl-C reaches them only through this script.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ensureKafkaJars,
  keptBrokerTls,
  LocalKafka,
  repoRoot,
  startEmbeddedPostgres,
  startNodeService,
  type NodeService,
} from '@hub/devstack';
import { ensureDatabase, redactUrl, withDatabase } from '@hub/persistence';
import { agencyInboundTopic } from '@hub/messaging';
import { onboardAgency, rotateKafkaPassword } from '@hub/testing';
import { prepareHubCa } from '../apps/hub/src/tls/prepare-hub-ca.js';
import { ensureDemoOperators } from './console-demo-operators.js';
import { DEMO_PSB, runDemo } from './demo.js';
import { loadLinkageDemo } from './linkage-demo/load-linkage-demo.js';
import { DEMO_BUREAUS, preparePsbDecisions, seedBureauPermits, startBureaus, type RunningBureau } from './start-bureaus.js';
import { startLinkageService } from './start-linkage.js';
import { readStartSettings } from './config/start-settings.js';

const root = repoRoot();
const settings = readStartSettings();
const cleanups: (() => Promise<void>)[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nStopping…');
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error(String(error)));
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  let serverUrl = settings.databaseUrl;
  if (!serverUrl) {
    step('Starting embedded PostgreSQL (no DATABASE_URL given)');
    // A clone whose local keys were made before its PostgreSQL folder had an id keeps the folder it has.
    const adoptEarlier = existsSync(join(root, '.cache/dev/ca-key-encryption-key'));
    const pg = await startEmbeddedPostgres(join(root, '.cache/dev/postgres'), settings.embeddedPostgresPort, {
      cloneRoot: root,
      adoptEarlier,
    });
    cleanups.push(() => pg.stop());
    // PostgreSQL runs as the `postgres` user when this runs as root; a clone it cannot reach (under /root) runs it from outside.
    for (const note of pg.notes) done(`The 'postgres' user cannot reach this clone, so ${note}`);
    for (const folder of pg.leftovers) {
      done(
        `${folder} holds the local PostgreSQL of an earlier clone at this path; this clone does not use it (its keys went with that clone): remove it to free the space`,
      );
    }
    serverUrl = withDatabase(pg.adminUrl, 'hub');
  }
  const hubDb = serverUrl;
  const psbDb = withDatabase(serverUrl, 'psb_adapter');
  const linkageDb = withDatabase(serverUrl, 'linkage');
  await ensureDatabase(hubDb);
  await ensureDatabase(psbDb);
  await ensureDatabase(linkageDb);
  done(`PostgreSQL: hub ${redactUrl(hubDb)}, public security ${redactUrl(psbDb)}, linkage ${redactUrl(linkageDb)}`);

  // The hub's own CA, loaded or made in the hub database now (as the hub does at boot, with the same key), so the broker's certificate chains to it.
  const caKeyEncryptionKey = settings.caKeyEncryptionKey ?? localCaKeyEncryptionKey(join(root, '.cache/dev'));
  const { ca: hubCa, created: caCreated } = await prepareHubCa(hubDb, caKeyEncryptionKey);
  done(`Hub CA ${caCreated ? 'created' : 'loaded'} (SHA-256 ${hubCa.fingerprint.slice(0, 16)}…)`);

  let brokers = settings.kafkaBrokers;
  const hubKafkaPassword = localSecret(join(root, '.cache/dev'), 'kafka-hub-password');
  let caFile = settings.kafkaCaFile;
  if (!brokers) {
    const brokerTls = await keptBrokerTls(hubCa, join(root, '.cache/dev/broker-tls'));
    done(
      `Broker certificate (127.0.0.1, localhost) ${brokerTls.reused ? 'kept' : 'issued'} by the hub CA, valid to ${brokerTls.notAfter.toISOString().slice(0, 10)}`,
    );
    step('Starting Apache Kafka 4.1 (KRaft, single node) from the official jars (first run downloads them with Maven)');
    const kafka = new LocalKafka({
      workDir: join(root, '.cache/dev/kafka'),
      brokerPort: settings.kafkaPort,
      controllerPort: settings.kafkaPort + 1,
      // Clients log in with SCRAM over TLS only; the hub's principal is the one super user besides the broker's own.
      security: {
        tls: brokerTls.tls,
        scram: { users: [{ name: 'hub', password: hubKafkaPassword }], superUsers: ['hub'] },
      },
      reformatIfIncompatible: true,
    });
    await kafka.start();
    cleanups.push(() => kafka.stop());
    brokers = kafka.brokers;
    caFile = kafka.caFile;
  }
  if (!caFile) throw new Error('KAFKA_TLS_CA_FILE must name the CA certificate of the brokers given in KAFKA_BROKERS.');
  done(`Kafka: ${brokers.join(',')} (SASL_SSL, SCRAM-SHA-512; CA ${caFile})`);

  const logs = join(root, '.cache/dev/logs');
  // The linkage key of the evaluator (agency `*`: every province), for the console and the hints below.
  const linkageEvaluatorKey =
    settings.linkageApiKeys
      .split(',')
      .find((entry) => entry.startsWith('*:'))
      ?.split(':')[2] ?? '';
  const common = { KAFKA_BROKERS: brokers.join(','), KAFKA_TLS_CA_FILE: caFile, HTTP_HOST: '127.0.0.1' };
  const consoleAdapters = consoleAdapterWiring(join(root, '.cache/dev'));
  const hub = service(
    startNodeService(
      'hub',
      join(root, 'dist/apps/hub/src/main.js'),
      {
        ...common,
        KAFKA_SASL_USERNAME: 'hub',
        KAFKA_SASL_PASSWORD: hubKafkaPassword,
        DATABASE_URL: hubDb,
        HTTP_PORT: String(settings.hubPort),
        SUBJECT_ID_KEY: settings.subjectIdKey,
        ADMIN_TOKEN: settings.adminToken,
        CA_KEY_ENCRYPTION_KEY: caKeyEncryptionKey,
        FIELD_ENCRYPTION_KEYS: settings.fieldEncryptionKeys,
        FIELD_ENCRYPTION_ACTIVE_KEY: settings.fieldEncryptionActiveKey,
        AUDIT_SIGNING_KEY: localSigningKey(join(root, '.cache/dev'), 'audit-signing-key.pem'),
        WEBHOOK_SIGNING_KEY: localSigningKey(join(root, '.cache/dev'), 'webhook-signing-key.pem'),
        // Local receivers (an agency simulator on this machine) are loopback, refused unless allowed.
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1,::1,localhost',
        // The console's cases and reports pages read the linkage service (started below) with the evaluator's key.
        LINKAGE_URL: `http://127.0.0.1:${settings.linkagePort}`,
        LINKAGE_TOKEN: linkageEvaluatorKey,
        // The console's dead-letters page reaches public security's and the bureaus' dead letters with an operator key of each.
        CONSOLE_ADAPTERS: consoleAdapters.adapters,
        CONSOLE_ADAPTER_KEYS_FILE: consoleAdapters.keysFile,
      },
      join(logs, 'hub.log'),
    ),
  );
  const hubUrl = `http://127.0.0.1:${settings.hubPort}`;
  const psbUrl = `http://127.0.0.1:${settings.psbPort}`;
  step('Starting the hub (API, outbox relay, dispatcher) and the public-security adapter');
  await waitForHttp(`${hubUrl}/health`, hub);
  const hubReadyAt = Date.now();
  // Public security logs in to Kafka as itself (psb-310000), with the password the hub gives it when onboarded (or a new one).
  const psbAgency = await onboardAgency(hubUrl, settings.adminToken, DEMO_PSB, 'demo-operator');
  const psbKafkaPassword =
    psbAgency.kafkaPassword ?? (await rotateKafkaPassword(hubUrl, settings.adminToken, DEMO_PSB.id, 'demo-operator'));
  const psbPasswordFile = join(root, '.cache/dev', `kafka-${DEMO_PSB.id}-password`);
  writeFileSync(psbPasswordFile, psbKafkaPassword, { mode: 0o600 });
  const psbDecisions = await preparePsbDecisions({
    root,
    hubUrl,
    adminToken: settings.adminToken,
    agencyId: DEMO_PSB.id,
    passwordFile: psbPasswordFile,
  });
  const psb = service(
    startNodeService(
      'psb-adapter',
      join(root, 'dist/apps/psb-adapter/src/main.js'),
      {
        ...common,
        KAFKA_SASL_USERNAME: DEMO_PSB.id,
        KAFKA_SASL_PASSWORD_FILE: psbPasswordFile,
        DATABASE_URL: psbDb,
        HTTP_PORT: String(settings.psbPort),
        AGENCY_ID: DEMO_PSB.id,
        READER_API_KEYS: `local-desk:${settings.psbReaderKey}`,
        OPERATOR_API_KEYS: consoleAdapters.operatorKeys[DEMO_PSB.id] ?? '',
        ...psbDecisions,
      },
      join(logs, 'psb-adapter.log'),
    ),
  );
  await waitForHttp(`${psbUrl}/health`, psb);
  step('Onboarding the linkage agency, subscribing it to the canonical events and starting the linkage service');
  const linkage = await startLinkageService({
    root,
    hubUrl,
    adminToken: settings.adminToken,
    databaseUrl: linkageDb,
    port: settings.linkagePort,
    apiKeys: settings.linkageApiKeys,
    common,
    logFile: join(logs, 'linkage.log'),
  });
  service(linkage.service);
  await waitForHttp(`${linkage.url}/health`, linkage.service);
  done(`hub ${hubUrl}   public-security adapter ${psbUrl}   linkage service ${linkage.url}`);
  const bureaus = await startBureauAdapters(hubUrl, serverUrl, common, logs, consoleAdapters.operatorKeys);

  const demo = await runDemo({ hubUrl, psbUrl, adminToken: settings.adminToken, hubReadyAt, psbReaderKey: settings.psbReaderKey });
  if (settings.linkageDemoPeople > 0) {
    step(
      `Publishing the linkage demo data set (${settings.linkageDemoPeople} people over two years, seed 7; LINKAGE_DEMO_PEOPLE=0 skips it)`,
    );
    const loaded = await loadLinkageDemo({ hubUrl, adminToken: settings.adminToken, people: settings.linkageDemoPeople, seed: 7 });
    done(
      `linkage demo: ${loaded.events} events of ${loaded.people} people (${loaded.accepted} new, ${loaded.duplicates} already there) in ${Math.round(loaded.milliseconds / 1000)} s; the linkage service links them as they arrive`,
    );
  }

  const consoleOperators = await ensureDemoOperators(hubUrl, settings.adminToken);
  console.log(`
The ops console: ${hubUrl}/console/   (passwords made for this run)
${consoleOperators.map((operator) => `  ${operator.role.padEnd(8)} ${operator.username} / ${operator.password}`).join('\n')}
The hub is running. Try (with the demo bureau's API key, made by this run, and the admin token, ADMIN_TOKEN or the local default):
  curl -s ${hubUrl}/health
  curl -s -H "Authorization: Bearer ${demo.bureauApiKey}" ${hubUrl}/v1/events/${demo.eventId}
  curl -s -H "Authorization: Bearer ${settings.adminToken}" ${hubUrl}/v1/admin/audit/verify
  curl -s -H "Authorization: Bearer ${settings.psbReaderKey}" -H 'X-Purpose: demo' ${psbUrl}/v1/work-permits/${demo.permitNo}
  curl -s ${linkage.url}/health    # the linkage service: the day it decides on, its rule book, calendar and wage versions
  curl -s -H "Authorization: Bearer ${linkageEvaluatorKey}" -H 'X-Purpose: demo' '${linkage.url}/v1/cases?limit=5'
  curl -s -H "Authorization: Bearer ${linkageEvaluatorKey}" -H 'X-Purpose: demo' '${linkage.url}/v1/reports/monthly?from=2025-01&to=2026-11'
  # what public security receives, read as public security (SASL_SSL, its own SCRAM credentials):
  kcat -b ${brokers[0]} -X security.protocol=SASL_SSL -X sasl.mechanisms=SCRAM-SHA-512 -X sasl.username=${DEMO_PSB.id} \\
    -X sasl.password="$(cat ${psbPasswordFile})" -X ssl.ca.location=${caFile} \\
    -G agency.${DEMO_PSB.id}.kcat ${agencyInboundTopic(DEMO_PSB.id)} -e -f '%k %h\\n%s\\n\\n'
  # kcat built on librdkafka < 2.6.1 (Debian 12's) cannot log in to Kafka 4 with SCRAM; Apache Kafka's own Java client can:
  java -cp '${ensureKafkaJars()}/*' ${join(root, 'docker/kafka-local/KafkaProbe.java')} consume ${brokers[0]} ${DEMO_PSB.id} \\
    "$(cat ${psbPasswordFile})" ${caFile} ${agencyInboundTopic(DEMO_PSB.id)}
${bureauHints(bureaus, psbUrl)}
Logs (one JSON line per entry; grep a correlation id to follow an event):
  ${join(logs, 'hub.log')}
  ${join(logs, 'psb-adapter.log')}
  ${join(logs, 'linkage.log')}
  ${bureaus.map((b) => b.service.logFile).join('\n  ')}
Press Ctrl-C to stop everything.`);
} catch (error) {
  console.error(`\nStart-up failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}

/** The Shanghai and Beijing bureaus: their systems of record and adapters, syncing both ways (scripts/start-bureaus.ts). */
async function startBureauAdapters(
  hubUrl: string,
  serverUrl: string,
  common: Record<string, string>,
  logs: string,
  operatorKeys: Record<string, string>,
): Promise<RunningBureau[]> {
  step('Starting the bureau adapters of Shanghai (bureau-310000) and Beijing (bureau-110000), each on its own system of record');
  const started = Date.now();
  const operatorKey = localSecret(join(root, '.cache/dev'), 'bureau-operator-key');
  const bureaus = await startBureaus({
    root,
    hubUrl,
    adminToken: settings.adminToken,
    serverUrl,
    common,
    logs,
    operatorKey,
    operatorKeys,
  });
  for (const bureau of bureaus) service(bureau.service);
  for (const bureau of bureaus) await waitForHttp(`${bureau.url}/health`, bureau.service);
  const seeded = await seedBureauPermits(bureaus);
  done(
    `${bureaus.map((b) => `${b.nameEn} ${b.url}`).join('   ')} (${Math.round((Date.now() - started) / 1000)} s${seeded > 0 ? `; ${seeded} permits issued in their own systems, one revoked each` : ''})`,
  );
  return bureaus;
}

/** What to try with the bureaus, for the closing banner. */
function bureauHints(bureaus: readonly RunningBureau[], psbUrl: string): string {
  const lines = ['The bureaus (each its own database and Kafka user; permits go out as they are committed, decisions come back):'];
  for (const b of bureaus) {
    const auth = `-H "Authorization: Bearer ${b.operatorKey}"`;
    lines.push(`  ${b.nameEn}: ${b.url}   curl -s ${auth} ${b.url}/v1/sync/status; curl -s ${auth} ${b.url}/v1/inbound/status`);
    lines.push(`    DATABASE_URL='${b.storeUrl}' BUREAU_DATABASE_URL='${b.bureauDatabaseUrl}' npm run bureau -- status`);
  }
  lines.push(`  # public security's residence reviews (a revoked permit opens one) and the officer's decision, which the bureau receives:`);
  lines.push(`  curl -s -H "Authorization: Bearer ${settings.psbReaderKey}" ${psbUrl}/v1/residence-reviews`);
  lines.push(
    `  curl -s -H "Authorization: Bearer ${settings.psbReaderKey}" -H 'Content-Type: application/json' ${psbUrl}/v1/residence-reviews/<caseId>/decision --data '{"decision":"cancelled","residencePermitNo":"R310000260000001","decidedOn":"${new Date().toISOString().slice(0, 10)}","reason":"work-permit-ended"}'`,
  );
  return lines.join('\n');
}

function service(svc: NodeService): NodeService {
  cleanups.push(() => svc.stop());
  void svc.exited.then((code) => {
    if (!stopping) {
      console.error(`\n${svc.name} exited unexpectedly (code ${code}); see ${svc.logFile}`);
      void stopAll(1);
    }
  });
  return svc;
}

async function waitForHttp(url: string, svc: NodeService): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${svc.name} did not answer at ${url} within 120 s; see ${svc.logFile}`);
}

function step(text: string): void {
  console.log(`… ${text}`);
}

function done(text: string): void {
  console.log(`✔ ${text}`);
}

/**
 * The adapters whose dead letters the console shows (public security's and the bureaus', on their
 * fixed local ports), each with an operator key of its own made on the first run: the adapter gets
 * it as `hub-console` in OPERATOR_API_KEYS, the hub reads all of them from a key file (mode 600).
 */
function consoleAdapterWiring(dir: string): { adapters: string; keysFile: string; operatorKeys: Record<string, string> } {
  const adapters = [
    { id: DEMO_PSB.id, url: `http://127.0.0.1:${settings.psbPort}/v1/dead-letters` },
    ...DEMO_BUREAUS.map((bureau) => ({ id: bureau.id, url: `http://127.0.0.1:${bureau.port}/v1/inbound/dead-letters` })),
  ];
  const keys = adapters.map((adapter) => ({ id: adapter.id, key: localSecret(dir, `console-key-${adapter.id}`) }));
  const keysFile = join(dir, 'console-adapter-keys');
  writeFileSync(keysFile, keys.map(({ id, key }) => `${id}:${key}\n`).join(''), { mode: 0o600 });
  return {
    adapters: adapters.map((adapter) => `${adapter.id}=${adapter.url}`).join(','),
    keysFile,
    operatorKeys: Object.fromEntries(keys.map(({ id, key }) => [id, `hub-console:${key}`])),
  };
}

/** A local secret (random, 24 bytes) made on the first run and kept under .cache/dev (mode 600). */
function localSecret(dir: string, name: string): string {
  const file = join(dir, name);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** The hub's local CA_KEY_ENCRYPTION_KEY (32 random bytes, base64): made on the first run and kept under .cache/dev (mode 600). */
function localCaKeyEncryptionKey(dir: string): string {
  const file = join(dir, 'ca-key-encryption-key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** A local hub signing key (audit checkpoints, webhooks): made on the first run and kept under .cache/dev, so signatures verify across runs. */
function localSigningKey(dir: string, name: string): string {
  const file = join(dir, name);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8');
}
