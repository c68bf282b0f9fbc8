import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startNodeService, type NodeService } from '@hub/devstack';
import { exportPublicKey } from '@hub/identity';
import { ensureSubscription, rotateKafkaPassword } from '@hub/testing';
import { LINKAGE_SUBSCRIPTION } from '../apps/linkage/src/ingest/linkage-subscription.js';

/** The linkage agency as the hub's admin API onboards it (national: no region). */
export const LINKAGE_AGENCY = {
  id: 'linkage',
  kind: 'linkage',
  region: null,
  nameZh: '外国人工作、签证、居留和永久居留衔接服务',
  nameEn: 'Linkage service for foreign nationals’ work, visa, residence and permanent residence',
  contact: 'demo@example.invalid',
};

export interface LinkageStart {
  readonly root: string;
  readonly hubUrl: string;
  readonly adminToken: string;
  readonly databaseUrl: string;
  readonly port: number;
  /** LINKAGE_API_KEYS of the service: the local keys of public security, the bureau and an evaluator. */
  readonly apiKeys: string;
  /** KAFKA_BROKERS, KAFKA_TLS_CA_FILE, HTTP_HOST. */
  readonly common: Record<string, string>;
  readonly logFile: string;
}

/**
 * Onboards the `linkage` agency at the hub (once; its Ed25519 signing key is kept under .cache/dev
 * and registered under an id derived from it; a new API key and, unless the hub gave one now, a new
 * Kafka password each run), makes its subscription to the canonical events the rules read, and
 * starts the linkage service on its own database.
 */
export async function startLinkageService(options: LinkageStart): Promise<{ service: NodeService; url: string; subscriptionId: string }> {
  const dir = join(options.root, '.cache/dev');
  const admin = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${options.hubUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${options.adminToken}`, 'content-type': 'application/json', 'x-admin-id': 'demo-operator' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  let kafkaPassword: string | undefined;
  if ((await admin('GET', `/v1/admin/agencies/${LINKAGE_AGENCY.id}`)).status === 404) {
    const onboarded = await admin('POST', '/v1/admin/agencies', LINKAGE_AGENCY);
    if (onboarded.status !== 201) throw new Error(`onboarding ${LINKAGE_AGENCY.id} failed: ${JSON.stringify(onboarded.body)}`);
    kafkaPassword = String((onboarded.body['kafka'] as { password: string }).password);
  }
  const keyFile = join(dir, 'linkage-signing-key.pem');
  if (!existsSync(keyFile)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600 });
  }
  const publicKey = exportPublicKey(createPublicKey(createPrivateKey(readFileSync(keyFile, 'utf8'))));
  const keyId = `linkage-local-${createHash('sha256').update(publicKey).digest('hex').slice(0, 12)}`;
  const added = await admin('POST', `/v1/admin/agencies/${LINKAGE_AGENCY.id}/signing-keys`, { keyId, alg: 'ed25519', publicKey });
  if (added.status !== 201 && added.status !== 409) throw new Error(`registering ${keyId} failed: ${JSON.stringify(added.body)}`);
  const apiKey = await admin('POST', `/v1/admin/agencies/${LINKAGE_AGENCY.id}/api-keys`, {});
  if (apiKey.status !== 201) throw new Error(`an API key for ${LINKAGE_AGENCY.id} failed: ${JSON.stringify(apiKey.body)}`);
  const hubApiKey = String(apiKey.body['apiKey']);
  const hubApiKeyFile = join(dir, 'linkage-hub-api-key');
  writeFileSync(hubApiKeyFile, hubApiKey, { mode: 0o600 });
  const passwordFile = join(dir, `kafka-${LINKAGE_AGENCY.id}-password`);
  writeFileSync(
    passwordFile,
    kafkaPassword ?? (await rotateKafkaPassword(options.hubUrl, options.adminToken, LINKAGE_AGENCY.id, 'demo-operator')),
    { mode: 0o600 },
  );
  const subscription = await ensureSubscription(options.hubUrl, hubApiKey, LINKAGE_SUBSCRIPTION);
  const service = startNodeService(
    'linkage',
    join(options.root, 'dist/apps/linkage/src/main.js'),
    {
      ...options.common,
      KAFKA_SASL_USERNAME: LINKAGE_AGENCY.id,
      KAFKA_SASL_PASSWORD_FILE: passwordFile,
      DATABASE_URL: options.databaseUrl,
      HTTP_PORT: String(options.port),
      HUB_URL: options.hubUrl,
      HUB_API_KEY_FILE: hubApiKeyFile,
      LINKAGE_SIGNING_KEY_FILE: keyFile,
      LINKAGE_SIGNING_KEY_ID: keyId,
      LINKAGE_API_KEYS: options.apiKeys,
      // Approximate provincial wages, labelled as such, so the demo's permanent-residence rule can decide.
      AVERAGE_WAGES_FILE: join(options.root, 'config/reference/average-wages.demo.json'),
    },
    options.logFile,
  );
  return { service, url: `http://127.0.0.1:${options.port}`, subscriptionId: subscription.id };
}
