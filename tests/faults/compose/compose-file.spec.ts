// The compose stack cannot be started here (no container engine), so it is checked as far as a
// file can be: against the Compose Specification's own JSON Schema, against the settings the apps
// actually read (each app's config loader runs on each service's environment), and for the
// topology the fault suite proves: three brokers, replication factor 3, min ISR 2, no unclean
// leader election, SASL only, every hub role its own service, two API replicas.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Ajv, type ValidateFunction } from 'ajv';
import { getMetadataStorage } from 'class-validator';
import { HUB_ROLES, HubConfig, loadHubConfig } from '../../../apps/hub/src/config/hub-config.js';
import { LinkageConfig, loadLinkageConfig } from '../../../apps/linkage/src/config/linkage-config.js';
import { loadPsbAdapterConfig, PsbAdapterConfig } from '../../../apps/psb-adapter/src/config/psb-adapter-config.js';
import { postgresServerSettings, postgresSettingArgs } from '@hub/devstack';
import { interpolate, readComposeFile, type ComposeService } from './read-compose-file.js';

/** The cluster settings the fault suite's guarantees rest on (tests/faults). */
const CLUSTER_GUARANTEES: Readonly<Record<string, string>> = {
  'default.replication.factor': '3',
  'min.insync.replicas': '2',
  'unclean.leader.election.enable': 'false',
  'listener.security.protocol.map': 'CLIENT:SASL_SSL,CONTROLLER:SASL_PLAINTEXT',
  'listener.name.client.sasl.enabled.mechanisms': 'SCRAM-SHA-512',
};

const ROOT = join(import.meta.dirname, '../../..');
const COMPOSE = join(ROOT, 'docker/compose.yml');

/** What an operator sets before `docker compose up` (docker/README.md, "Settings"). */
const VARIABLES: Readonly<Record<string, string>> = {
  SUBJECT_ID_KEY: randomBytes(24).toString('hex'),
  ADMIN_TOKEN: randomBytes(24).toString('hex'),
  FIELD_ENCRYPTION_KEYS: `k1:aes-256-gcm:${randomBytes(32).toString('base64')}`,
  AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  PSB_READER_API_KEYS: `desk:${randomBytes(24).toString('hex')}`,
  LINKAGE_SIGNING_KEY_ID: 'linkage-1',
  LINKAGE_API_KEYS: `psb-310000:desk:${randomBytes(24).toString('hex')}`,
};

/** Each image app (APP) with its config loader and the settings its class names. */
const APPS = {
  hub: { load: loadHubConfig, known: settingsOf(HubConfig) },
  'psb-adapter': { load: loadPsbAdapterConfig, known: settingsOf(PsbAdapterConfig) },
  linkage: { load: loadLinkageConfig, known: settingsOf(LinkageConfig) },
} as const;

const { written, resolved } = readComposeFile(COMPOSE, VARIABLES);
const services = Object.entries(resolved.services);
const appServices = services.filter(([, service]) => service.environment?.['APP'] !== undefined);
const brokerServices = services.filter(([, service]) => service.image?.startsWith('apache/kafka:') === true);
const nodeTemplate = properties(readFileSync(join(ROOT, 'docker/kafka-cluster/server.properties.template'), 'utf8'));

describe('docker/compose.yml', () => {
  it('is valid against the Compose Specification JSON Schema', () => {
    const validate = composeSpecValidator();
    const valid = validate(written);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The schema does catch what Compose refuses: a misspelt key in a service or at the top.
    const hubApi = (written as { services: Record<string, object> }).services['hub-api'];
    expect(validate({ ...(written as object), services: { 'hub-api': { ...hubApi, restarts: 'always' } } })).toBe(false);
    expect(validate({ ...(written as object), servics: {} })).toBe(false);
  });

  it('refuses to start without the settings the apps require', () => {
    for (const name of ['SUBJECT_ID_KEY', 'ADMIN_TOKEN', 'FIELD_ENCRYPTION_KEYS', 'AUDIT_SIGNING_KEY', 'PSB_READER_API_KEYS']) {
      const without = { ...VARIABLES, [name]: '' };
      expect(() => readComposeFile(COMPOSE, without)).toThrow(new RegExp(`^${name}: set ${name}`));
    }
    expect(interpolate('$${HOST}:${PORT:-9092}', {})).toBe('${HOST}:9092');
  });

  it('runs three Kafka nodes with RF 3, min ISR 2, no unclean election and SASL_SSL only', () => {
    expect(brokerServices.map(([name]) => name)).toEqual(['kafka-1', 'kafka-2', 'kafka-3']);
    expect(brokerServices.map(([, service]) => service.environment?.['KAFKA_NODE_ID'])).toEqual([1, 2, 3]);
    expect(nodeTemplate.get('controller.quorum.voters')).toBe('1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093');
    // The nodes' settings themselves (RF 3, min ISR 2, no unclean election, SASL_SSL only, ACLs) are
    // checked line by line in scripts/docker/compose-stack.spec.ts; here, what the fault suite relies on.
    for (const [key, value] of Object.entries(CLUSTER_GUARANTEES)) expect({ key, value: nodeTemplate.get(key) }).toEqual({ key, value });
  });

  it('runs every hub role as its own service, two API replicas and two relays', () => {
    const hubServices = appServices.filter(([, service]) => service.environment?.['APP'] === 'hub');
    const roles = hubServices.map(([name, service]) => [name, String(service.environment?.['HUB_ROLES'])]);
    expect(roles.map(([, role]) => role).sort()).toEqual([...HUB_ROLES].sort());
    expect(Object.fromEntries(roles)).toEqual({
      'hub-api': 'api',
      'hub-relay': 'relay',
      'hub-audit': 'audit',
      'hub-dispatch': 'dispatch',
      'hub-ingest': 'ingest',
      'hub-console': 'console',
    });
    expect(resolved.services['hub-api']?.deploy?.replicas).toBe(2);
    expect(resolved.services['hub-relay']?.deploy?.replicas).toBe(2);
    // Two replicas cannot share one host port: the API publishes a range, one port a replica.
    expect(resolved.services['hub-api']?.ports).toEqual(['8080-8081:8080']);
    for (const [, service] of hubServices) expect(String(service.environment?.['TOPIC_REPLICATION_FACTOR'])).toBe('3');
  });

  it.each(appServices)('%s sets only settings its app reads, and its app accepts them', (name, service) => {
    const env = environment(service);
    const app = APPS[env['APP'] as keyof typeof APPS];
    expect(app).toBeDefined();
    const unknown = Object.keys(env).filter((key) => key !== 'APP' && !app.known.includes(key));
    expect(unknown).toEqual([]);
    expect(() => app.load(env)).not.toThrow();
    // Every app reaches all three brokers, not one of them.
    expect(env['KAFKA_BROKERS']).toBe('kafka-1:9092,kafka-2:9092,kafka-3:9092');
    // Its database is one the PostgreSQL service creates.
    const database = /\/([a-z_]+)$/.exec(env['DATABASE_URL'] ?? '')?.[1];
    expect(readFileSync(join(ROOT, 'docker/postgres/init.sql'), 'utf8')).toContain(`CREATE DATABASE ${database};`);
    expect(name).toMatch(/^(hub-|psb-adapter$|linkage$)/);
  });

  it('runs PostgreSQL with the settings of config/postgres.conf, which the embedded server runs with too', () => {
    const settings = postgresServerSettings(ROOT);
    expect(settings.map((setting) => setting.name)).toEqual(
      expect.arrayContaining(['max_wal_size', 'checkpoint_timeout', 'shared_buffers']),
    );
    expect(resolved.services['postgres']?.command).toEqual(['postgres', ...postgresSettingArgs(settings)]);
  });

  it.each(services)('%s mounts exactly the secrets it reads, each one declared', (_name, service) => {
    const listed = (service.secrets ?? []).map((secret) => (typeof secret === 'string' ? secret : secret.source));
    const read = secretsRead(service);
    expect([...listed].sort()).toEqual([...read].sort());
    for (const secret of listed) expect(resolved.secrets?.[secret]?.file).toMatch(/^\.\/secrets\/[a-z0-9-]+$/);
  });

  it('declares no secret or volume that no service uses', () => {
    const listed = new Set(services.flatMap(([, service]) => (service.secrets ?? []).map(String)));
    expect(Object.keys(resolved.secrets ?? {}).filter((secret) => !listed.has(secret))).toEqual([]);
    const mounted = new Set(services.flatMap(([, service]) => (service.volumes ?? []).map((volume) => volume.split(':')[0])));
    expect(Object.keys(resolved.volumes ?? {}).filter((volume) => !mounted.has(volume))).toEqual([]);
  });

  it('starts each app the image knows', () => {
    const entrypoint = readFileSync(join(ROOT, 'docker/entrypoint.sh'), 'utf8');
    for (const [, service] of appServices) expect(entrypoint).toContain(`${String(service.environment?.['APP'])}`);
    expect(Object.keys(APPS).every((app) => entrypoint.includes(app))).toBe(true);
  });
});

/**
 * Ajv (draft-07) for the Compose Specification's schema (compose-spec/compose-spec, schema/compose-spec.json,
 * Apache-2.0, kept beside this file). The schema names draft-07 by its https address, which ajv
 * knows under the http one, and uses annotations (`deprecated`) that strict mode would refuse.
 */
function composeSpecValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'compose-spec.schema.json'), 'utf8')) as object;
  const draft7 = createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-07.json') as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addMetaSchema({ ...draft7, $id: 'https://json-schema.org/draft-07/schema' });
  return ajv.compile(schema);
}

/** The settings a config class reads: its fields with defaults and those its validators check. */
function settingsOf(type: new () => object): string[] {
  const validated = getMetadataStorage()
    .getTargetValidationMetadatas(type, '', false, false)
    .map((metadata) => metadata.propertyName);
  return [...new Set([...Object.keys(new type()), ...validated])];
}

/** A service's environment as the process sees it: every value a string. */
function environment(service: ComposeService): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([key, value]) => [key, String(value ?? '')]));
}

/** The Compose secrets a service reads: the brokers' from start-broker.sh, the apps' from their *_FILE settings. */
function secretsRead(service: ComposeService): string[] {
  if (service.image?.startsWith('apache/kafka:')) {
    const script = readFileSync(join(ROOT, 'docker/kafka-cluster/start-broker.sh'), 'utf8');
    return [...script.matchAll(/read_password ([a-z_]+) /g)].map((match) => match[1] ?? '');
  }
  const files = Object.entries(environment(service)).filter(([key]) => key.endsWith('_FILE'));
  return files.flatMap(([, path]) => {
    const secret = /^\/run\/secrets\/([a-z_]+)$/.exec(path)?.[1];
    return secret === undefined ? [] : [secret];
  });
}

function properties(text: string): Map<string, string> {
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line): [string, string] => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
  return new Map(entries);
}
