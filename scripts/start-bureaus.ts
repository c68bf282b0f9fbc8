import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startNodeService, type NodeService } from '@hub/devstack';
import { exportPublicKey } from '@hub/identity';
import { ensureDatabase, withDatabase } from '@hub/persistence';
import { ensureSubscription } from '@hub/testing';
import pg from 'pg';
import { bureauInboundSubscription } from '../apps/bureau-adapter/src/inbound/bureau-subscription.js';
import { issuePermit, revokePermit, type IssuePermit } from '../apps/bureau-adapter/src/reference-sor/bureau-application/index.js';
import { migrateReferenceSor } from '../apps/bureau-adapter/src/reference-sor/migrate-reference-sor.js';
import { RESIDENCE_REVIEW_SUBSCRIPTION } from '../apps/psb-adapter/src/residence-reviews/residence-review-subscription.js';

/** The two provincial bureaus `npm start` runs, each with its own system of record, adapter store, credentials and port. */
export const DEMO_BUREAUS = [
  {
    id: 'bureau-310000',
    kind: 'bureau',
    region: '310000',
    nameZh: '上海市外国专家局',
    nameEn: 'Shanghai Foreign Experts Bureau',
    port: 8083,
    district: '310115',
  },
  {
    id: 'bureau-110000',
    kind: 'bureau',
    region: '110000',
    nameZh: '北京市外国专家局',
    nameEn: 'Beijing Foreign Experts Bureau',
    port: 8084,
    district: '110105',
  },
] as const;

type Admin = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Record<string, unknown> }>;

function adminClient(hubUrl: string, adminToken: string): Admin {
  return async (method, path, body) => {
    const response = await fetch(`${hubUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', 'x-admin-id': 'demo-operator' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
}

/** An agency's local Ed25519 key (made once, kept under .cache/dev) registered at the hub under an id derived from it. */
async function registerLocalKey(admin: Admin, dir: string, agencyId: string): Promise<{ keyFile: string; keyId: string }> {
  const keyFile = join(dir, `${agencyId}-signing-key.pem`);
  if (!existsSync(keyFile)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600 });
  }
  const publicKey = exportPublicKey(createPublicKey(createPrivateKey(readFileSync(keyFile, 'utf8'))));
  const keyId = `${agencyId}-local-${createHash('sha256').update(publicKey).digest('hex').slice(0, 12)}`;
  const added = await admin('POST', `/v1/admin/agencies/${agencyId}/signing-keys`, { keyId, alg: 'ed25519', publicKey });
  if (added.status !== 201 && added.status !== 409) throw new Error(`registering ${keyId} failed: ${JSON.stringify(added.body)}`);
  return { keyFile, keyId };
}

/** A new API key of the agency, written to .cache/dev (mode 600). */
async function newApiKey(admin: Admin, dir: string, agencyId: string): Promise<{ apiKey: string; file: string }> {
  const created = await admin('POST', `/v1/admin/agencies/${agencyId}/api-keys`, {});
  if (created.status !== 201) throw new Error(`an API key for ${agencyId} failed: ${JSON.stringify(created.body)}`);
  const file = join(dir, `${agencyId}-hub-api-key`);
  writeFileSync(file, String(created.body['apiKey']), { mode: 0o600 });
  return { apiKey: String(created.body['apiKey']), file };
}

/** Grants publishing over Kafka and writes the new Kafka password to `file` (the old one stops working). */
async function grantKafkaPublishing(admin: Admin, agencyId: string, file: string): Promise<void> {
  // A broker that has just started may not host the new topics' partitions yet: the hub answers 503, and the same request is retried.
  let granted = await admin('POST', `/v1/admin/agencies/${agencyId}/kafka-credentials`, { kafkaPublishing: true });
  for (let attempt = 1; granted.status >= 500 && attempt < 20; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    granted = await admin('POST', `/v1/admin/agencies/${agencyId}/kafka-credentials`, { kafkaPublishing: true });
  }
  if (granted.status !== 200 && granted.status !== 201)
    throw new Error(`Kafka publishing for ${agencyId} failed: ${JSON.stringify(granted.body)}`);
  writeFileSync(file, String(granted.body['password']), { mode: 0o600 });
}

/**
 * Public security's link to the hub for its residence decisions: its local signing key and a new API
 * key, publishing over Kafka granted (a new password, written to `passwordFile`), and its
 * subscription to the linkage service's residence reviews. Returns the adapter's extra settings.
 */
export async function preparePsbDecisions(options: {
  readonly root: string;
  readonly hubUrl: string;
  readonly adminToken: string;
  readonly agencyId: string;
  readonly passwordFile: string;
}): Promise<Record<string, string>> {
  const dir = join(options.root, '.cache/dev');
  const admin = adminClient(options.hubUrl, options.adminToken);
  const { keyFile, keyId } = await registerLocalKey(admin, dir, options.agencyId);
  const { apiKey, file } = await newApiKey(admin, dir, options.agencyId);
  await grantKafkaPublishing(admin, options.agencyId, options.passwordFile);
  await ensureSubscription(options.hubUrl, apiKey, RESIDENCE_REVIEW_SUBSCRIPTION);
  return { HUB_URL: options.hubUrl, HUB_API_KEY_FILE: file, SIGNING_KEY_FILE: keyFile, SIGNING_KEY_ID: keyId };
}

export interface RunningBureau {
  readonly id: string;
  readonly nameEn: string;
  readonly url: string;
  readonly service: NodeService;
  /** The bureau's own database (its system of record, with the adapter's schemas hub_capture and hub_inbound). */
  readonly bureauDatabaseUrl: string;
  /** The adapter's store. */
  readonly storeUrl: string;
  /** The key of the adapter's OPERATOR_API_KEYS its `/v1/` API answers to. */
  readonly operatorKey: string;
}

/**
 * Starts one adapter per demo bureau: its system of record (the reference schema, in a database of
 * its own, with two permits on the first run, one of them later revoked) and its adapter store; the
 * agency onboarded with publishing over Kafka, its local signing key and a new API key; its
 * subscription to visas, residence, credit and linkage cases of its province; the adapter itself.
 */
export async function startBureaus(options: {
  readonly root: string;
  readonly hubUrl: string;
  readonly adminToken: string;
  readonly serverUrl: string;
  readonly common: Record<string, string>;
  readonly logs: string;
  /** The operators' key to the adapters' `/v1/` APIs (OPERATOR_API_KEYS), the same for both demo bureaus. */
  readonly operatorKey: string;
  /** More OPERATOR_API_KEYS entries of each bureau's adapter (by agency id), e.g. the console's `hub-console` key. */
  readonly operatorKeys?: Readonly<Record<string, string>>;
}): Promise<RunningBureau[]> {
  const dir = join(options.root, '.cache/dev');
  const admin = adminClient(options.hubUrl, options.adminToken);
  const running: RunningBureau[] = [];
  for (const bureau of DEMO_BUREAUS) {
    const province = bureau.region;
    const bureauDatabaseUrl = withDatabase(options.serverUrl, `bureau_${province}_fwp`);
    const storeUrl = withDatabase(options.serverUrl, `bureau_${province}_adapter`);
    await ensureDatabase(bureauDatabaseUrl);
    await ensureDatabase(storeUrl);
    await migrateReferenceSor(bureauDatabaseUrl);
    if ((await admin('GET', `/v1/admin/agencies/${bureau.id}`)).status === 404) {
      const profile = { id: bureau.id, kind: bureau.kind, region: bureau.region, nameZh: bureau.nameZh, nameEn: bureau.nameEn };
      const onboarded = await admin('POST', '/v1/admin/agencies', { ...profile, contact: 'demo@example.invalid' });
      if (onboarded.status !== 201) throw new Error(`onboarding ${bureau.id} failed: ${JSON.stringify(onboarded.body)}`);
    }
    const { keyFile, keyId } = await registerLocalKey(admin, dir, bureau.id);
    const { apiKey, file: apiKeyFile } = await newApiKey(admin, dir, bureau.id);
    const passwordFile = join(dir, `kafka-${bureau.id}-password`);
    await grantKafkaPublishing(admin, bureau.id, passwordFile);
    await ensureSubscription(options.hubUrl, apiKey, bureauInboundSubscription(bureau.id));
    const service = startNodeService(
      bureau.id,
      join(options.root, 'dist/apps/bureau-adapter/src/main.js'),
      {
        ...options.common,
        AGENCY_ID: bureau.id,
        KAFKA_SASL_USERNAME: bureau.id,
        KAFKA_SASL_PASSWORD_FILE: passwordFile,
        DATABASE_URL: storeUrl,
        BUREAU_DATABASE_URL: bureauDatabaseUrl,
        SIGNING_KEY_FILE: keyFile,
        SIGNING_KEY_ID: keyId,
        HUB_URL: options.hubUrl,
        HUB_API_KEY_FILE: apiKeyFile,
        HTTP_PORT: String(bureau.port),
        OPERATOR_API_KEYS: [`demo-operator:${options.operatorKey}`, options.operatorKeys?.[bureau.id]].filter(Boolean).join(','),
      },
      join(options.logs, `${bureau.id}.log`),
    );
    running.push({
      id: bureau.id,
      nameEn: bureau.nameEn,
      url: `http://127.0.0.1:${bureau.port}`,
      service,
      bureauDatabaseUrl,
      storeUrl,
      operatorKey: options.operatorKey,
    });
  }
  return running;
}

/** On the first run, each bureau issues two permits in its own system (its application, not the adapter) and revokes one. */
export async function seedBureauPermits(bureaus: readonly RunningBureau[]): Promise<number> {
  let issued = 0;
  for (const [index, bureau] of bureaus.entries()) {
    const demo = DEMO_BUREAUS.find((b) => b.id === bureau.id);
    if (!demo) continue;
    const pool = new pg.Pool({ connectionString: bureau.bureauDatabaseUrl, max: 2 });
    try {
      const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM fwp.permit');
      if ((rows[0]?.n ?? 0) > 0) continue;
      const ids: number[] = [];
      for (const n of [1, 2]) ids.push(await issuePermit(pool, demoPermit(demo.region, demo.district, index * 10 + n)));
      await revokePermit(pool, ids[1] ?? 0, 'false-materials', new Date().toISOString().slice(0, 10));
      issued += ids.length;
    } finally {
      await pool.end();
    }
  }
  return issued;
}

function demoPermit(province: string, district: string, n: number): IssuePermit {
  const serial = String(n).padStart(4, '0');
  const names = [
    ['Durand', 'Amélie', 'FRA'],
    ['Okafor', 'Chinedu', 'NGA'],
    ['Tanaka', 'Haruki', 'JPN'],
    ['Schmidt', 'Lena', 'DEU'],
  ] as const;
  const [familyName, givenNames, nationality] = names[n % names.length] ?? names[0];
  return {
    permitNo: `${province}2026${'0'.repeat(4)}${serial}`,
    applicationNo: `SQ${province}2026${serial}`,
    holder: {
      familyName,
      givenNames,
      gender: 'F',
      birthDate: '1988-04-12',
      nationality,
      passportNo: `E${province.slice(0, 2)}${serial}7788`,
    },
    employer: {
      uscc: province === '310000' ? '91310000MA1FL8XQ3C' : '91110105MA01ABCD2X',
      nameZh: province === '310000' ? '上海示例科技有限公司' : '北京示例科技有限公司',
      regionCode: province,
    },
    permitClass: 'B',
    points: 72,
    positionTitle: 'Senior software engineer',
    workRegion: district,
    issuedOn: '2026-01-05',
    validFrom: '2026-01-05',
    validUntil: '2027-12-31',
  };
}
