import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { createTestDatabase } from '@hub/persistence';
import pg from 'pg';
import { loadHubConfig } from '../../apps/hub/src/config/hub-config.js';
import { createHubApp } from '../../apps/hub/src/create-hub-app.js';
import { listenHttps } from '../../apps/hub/src/tls/https-listener.js';
import { loadPsbAdapterConfig } from '../../apps/psb-adapter/src/config/psb-adapter-config.js';
import { createPsbAdapterApp } from '../../apps/psb-adapter/src/create-psb-adapter-app.js';
import { WORK_PERMIT_SUBSCRIPTION } from '../../apps/psb-adapter/src/work-permits/work-permit-subscription.js';
import {
  ensureSubscription,
  grantTestAgencyKafkaAccess,
  signedByItsAgency,
  TEST_ADMIN_TOKEN,
  TEST_AGENCIES,
  TEST_DATABASE_SERVER_URL,
  TEST_KAFKA_BROKERS,
  TEST_PSB_READER_KEY,
  testHubEnvironment,
  testPsbAdapterEnvironment,
  testSigningKey,
} from '@hub/testing';

export {
  TEST_ADMIN_TOKEN,
  TEST_AUDIT_SIGNING_KEY,
  TEST_FIELD_ENCRYPTION_KEYS,
  TEST_PSB_READER_KEY,
  TEST_SUBJECT_ID_KEY,
  TEST_WEBHOOK_SIGNING_KEY,
  testHubEnvironment,
} from '@hub/testing';

/** An app under test, listening on a free port, with its own fresh database. */
export interface RunningApp {
  readonly app: INestApplication;
  readonly url: string;
  /** A plain client on the app's database, for asserting what was stored. */
  readonly db: pg.Client;
  readonly databaseUrl: string;
  /** The hub's HTTPS (mutual TLS) URL, when started with a server certificate (e.g. TLS_SELF_ISSUED_HOSTNAME). */
  readonly httpsUrl?: string;
  /** Closes the app, keeps its database (to restart on it). */
  close(): Promise<void>;
  /** Closes the app and drops its database. */
  destroy(): Promise<void>;
}

/**
 * Starts the hub (API + relay) on a new test database, or on `databaseUrl` to restart one, with the
 * test agencies onboarded (unless `onboard: false`).
 */
export async function startHub(
  options: { brokers?: string[]; databaseUrl?: string; env?: Record<string, string>; onboard?: boolean } = {},
): Promise<RunningApp> {
  let httpsUrl: string | undefined;
  return startApp('hub', options.databaseUrl, async (databaseUrl) => {
    const config = loadHubConfig({ ...testHubEnvironment(databaseUrl, options.brokers), HTTP_PORT: '0', ...options.env });
    const app = await createHubApp(config);
    await app.listen(0, '127.0.0.1');
    httpsUrl = await listenHttps(app, config);
    return app;
  }).then(async (hub) => {
    if (options.onboard !== false && hasApiRole(options.env)) await onboardTestAgencies(hub.url);
    return { ...hub, httpsUrl };
  });
}

function hasApiRole(env: Record<string, string> | undefined): boolean {
  return (env?.['HUB_ROLES'] ?? 'api,relay').split(',').includes('api');
}

/** API keys of the test agencies, by hub URL and agency id. */
const apiKeys = new Map<string, Map<string, string>>();
/** Kafka passwords the hub gave the test agencies, by hub URL and agency id. */
const kafkaPasswords = new Map<string, Map<string, string>>();

/** Calls the hub's admin API as the test operator; fails the test on an unexpected answer. */
export async function adminCall(hubUrl: string, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${hubUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json', 'x-admin-id': 'test-operator' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

/** Onboards every test agency with its test signing key and an API key (skipped if already there, as on a restart). */
export async function onboardTestAgencies(hubUrl: string): Promise<void> {
  const keys = new Map<string, string>();
  const passwords = new Map<string, string>();
  for (const agency of TEST_AGENCIES) {
    const existing = await fetch(`${hubUrl}/v1/admin/agencies/${agency.id}`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    if (existing.status === 404) {
      const onboarded = await adminCall(hubUrl, 'POST', '/v1/admin/agencies', { ...agency, contact: 'ops@example.invalid' });
      passwords.set(agency.id, String((onboarded['kafka'] as { password?: unknown } | undefined)?.password));
      const { keyId, publicKeyPem } = testSigningKey(agency.id);
      await adminCall(hubUrl, 'POST', `/v1/admin/agencies/${agency.id}/signing-keys`, { keyId, alg: 'ed25519', publicKey: publicKeyPem });
    }
    const created = await adminCall(hubUrl, 'POST', `/v1/admin/agencies/${agency.id}/api-keys`, {});
    keys.set(agency.id, String(created['apiKey']));
  }
  apiKeys.set(hubUrl, keys);
  kafkaPasswords.set(hubUrl, passwords);
}

/**
 * The Kafka password of a test agency: the one the hub at `hubUrl` gave it when onboarding it, or,
 * without a hub (or when the hub found it onboarded already), a new one set directly on the broker
 * as the hub would, with the agency's ACLs.
 */
export async function kafkaPasswordOf(agencyId: string, hubUrl?: string, brokers: readonly string[] = TEST_KAFKA_BROKERS): Promise<string> {
  const known = hubUrl ? kafkaPasswords.get(hubUrl)?.get(agencyId) : undefined;
  if (known) return known;
  const password = await grantTestAgencyKafkaAccess(agencyId, brokers);
  kafkaPasswords.set(hubUrl ?? '', new Map([...(kafkaPasswords.get(hubUrl ?? '') ?? []), [agencyId, password]]));
  return password;
}

/** The API key of a test agency in a running hub. */
export function apiKeyOf(hubUrl: string, agencyId: string): string {
  const key = apiKeys.get(hubUrl)?.get(agencyId);
  if (!key) throw new Error(`No API key of ${agencyId} for ${hubUrl}: start the hub with startHub()`);
  return key;
}

/** Headers of a permit look-up at the adapter, as the test reading system `test-desk`. */
export const PSB_READER_HEADERS: Readonly<Record<string, string>> = { authorization: `Bearer ${TEST_PSB_READER_KEY}` };

/** The public-security agency the tests run the adapter as. */
export const PSB_AGENCY = 'psb-310000';

/** A fresh consumer group for the adapter, under the agency's prefix (the only groups its ACLs allow). */
export function psbGroupId(name: string, agencyId = PSB_AGENCY): string {
  return `agency.${agencyId}.${name}-${randomUUID()}`;
}

/** The public-security adapter under test, and the subscription that feeds it. */
export interface RunningPsbAdapter extends RunningApp {
  /** psb-310000's subscription in the hub (undefined when started without one). */
  readonly subscriptionId: string | undefined;
}

/**
 * Starts the public-security adapter (Kafka consumer + HTTP) on a new test database (or on
 * `databaseUrl`), reading its agency's inbound topic (psb-310000 unless `env` names another). The
 * hub at `hubUrl` gets psb-310000's Kafka subscription to the work-permit types, made with
 * psb-310000's API key unless it exists; without `hubUrl` the test writes the topic itself.
 */
export async function startPsbAdapter(options: {
  hubUrl?: string;
  brokers?: string[];
  databaseUrl?: string;
  groupId: string;
  env?: Record<string, string>;
}): Promise<RunningPsbAdapter> {
  const subscription = options.hubUrl
    ? await ensureSubscription(options.hubUrl, apiKeyOf(options.hubUrl, PSB_AGENCY), WORK_PERMIT_SUBSCRIPTION)
    : undefined;
  const agencyId = options.env?.['AGENCY_ID'] ?? PSB_AGENCY;
  const password = await kafkaPasswordOf(agencyId, options.hubUrl, options.brokers);
  const adapter = await startApp('psb', options.databaseUrl, async (databaseUrl) => {
    const config = loadPsbAdapterConfig({
      ...testPsbAdapterEnvironment({
        databaseUrl,
        agencyId,
        kafkaPassword: password,
        groupId: options.groupId,
        brokers: options.brokers,
      }),
      ...options.env,
    });
    const app = await createPsbAdapterApp(config);
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    return app;
  });
  return { ...adapter, subscriptionId: subscription?.id };
}

async function startApp(
  label: string,
  existingUrl: string | undefined,
  create: (databaseUrl: string) => Promise<INestApplication>,
): Promise<RunningApp> {
  const database = existingUrl
    ? { url: existingUrl, drop: () => Promise.resolve() }
    : await createTestDatabase(TEST_DATABASE_SERVER_URL, label);
  const app = await create(database.url);
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  const close = async (): Promise<void> => {
    await db.end().catch(() => undefined);
    await app.close();
  };
  return {
    app,
    url: (await app.getUrl()).replace('[::1]', '127.0.0.1'),
    db,
    databaseUrl: database.url,
    close,
    destroy: async () => {
      await close();
      await database.drop();
    },
  };
}

/** The hub's answer to a publish: event outcomes on 202, an error with issues otherwise. */
export interface PublishResponse {
  readonly status: number;
  /** The Retry-After header, on 429 and 503. */
  readonly retryAfter?: string | null;
  readonly body: {
    readonly events?: { id: string; status: 'accepted' | 'duplicate' | 'held'; correlationId: string; conflictId?: string }[];
    readonly error?: {
      code: string;
      message: string;
      messageZh?: string;
      issues?: { path: string; rule: string; message: string; messageZh?: string }[];
      currentVersion?: number;
    };
  };
}

/**
 * POSTs JSON (or a raw string) to the hub as an agency would: each event signed by its own agency's
 * test key and the request authenticated with the API key of the first event's agency (or
 * `options.as`). `options.sign: false` sends events as given; an `authorization` header overrides the key.
 */
export async function publish(
  hubUrl: string,
  body: unknown,
  headers: Record<string, string> = {},
  options: { as?: string; sign?: boolean } = {},
): Promise<PublishResponse> {
  const events = isBatchBody(body) ? body.events : [body];
  const sign = (event: unknown): unknown =>
    options.sign === false || typeof event !== 'object' || event === null ? event : signedByItsAgency(event);
  const signed = typeof body === 'string' ? body : isBatchBody(body) ? { ...body, events: body.events.map(sign) } : sign(body);
  const first = events[0] as { agency?: unknown } | undefined;
  const agency =
    options.as ?? (typeof first?.agency === 'string' && TEST_AGENCIES.some((a) => a.id === first.agency) ? first.agency : 'bureau-310000');
  const response = await fetch(`${hubUrl}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKeyOf(hubUrl, agency)}`, ...headers },
    body: typeof signed === 'string' ? signed : JSON.stringify(signed),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as PublishResponse['body'],
  };
}

function isBatchBody(body: unknown): body is { events: unknown[] } {
  return typeof body === 'object' && body !== null && 'events' in body && Array.isArray(body.events);
}

/** Counts rows of a table. */
export async function countRows(db: pg.Client, table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const result = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return result.rows[0]?.n ?? 0;
}
