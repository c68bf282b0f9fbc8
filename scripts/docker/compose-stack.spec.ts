import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SERVICE_REQUIRED } from '@hub/config';

// Reads docker/compose.yml and the brokers' configuration as Compose and Kafka would, and checks
// that the stack runs the brokers with authenticated listeners only and that every app gets the
// Kafka settings it refuses to start without. (No container engine runs here; this is the check.)
const DOCKER = join(process.cwd(), 'docker');

interface Service {
  readonly environment?: Record<string, unknown>;
  readonly secrets?: readonly string[];
  readonly volumes?: readonly string[];
  readonly command?: readonly string[];
  readonly depends_on?: Record<string, { condition: string }>;
}

interface Compose {
  readonly services: Record<string, Service>;
  readonly secrets?: Record<string, { file?: string }>;
  readonly volumes?: Record<string, unknown>;
}

const compose = parse(readFileSync(join(DOCKER, 'compose.yml'), 'utf8'), { merge: true }) as Compose;
const services = Object.entries(compose.services);
const apps = services.filter(([, service]) => service.environment?.['APP'] !== undefined);
const brokers = services.filter(([name]) => /^kafka-\d+$/.test(name));
const brokerTemplate = readFileSync(join(DOCKER, 'kafka-cluster/server.properties.template'), 'utf8');
const startBroker = readFileSync(join(DOCKER, 'kafka-cluster/start-broker.sh'), 'utf8');

function properties(text: string): Map<string, string> {
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line): [string, string] => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
  return new Map(entries);
}

const broker = properties(brokerTemplate);

function setting(name: string): string {
  const value = broker.get(name);
  if (value === undefined) throw new Error(`server.properties.template has no ${name}`);
  return value;
}

/** `listener name → security protocol` from listener.security.protocol.map. */
function protocolMap(): Map<string, string> {
  return new Map(
    setting('listener.security.protocol.map')
      .split(',')
      .map((pair): [string, string] => [pair.split(':')[0] ?? '', pair.split(':')[1] ?? '']),
  );
}

/** Listener names of a `NAME://host:port,…` list. */
function listenerNames(list: string): string[] {
  return list.split(',').map((listener) => listener.slice(0, listener.indexOf('://')));
}

function mountTargets(service: Service): string[] {
  return (service.volumes ?? []).map((volume) => volume.split(':')[1] ?? '');
}

describe('docker/compose.yml', () => {
  it('has the eight apps and three brokers', () => {
    expect(apps.map(([name]) => name).sort()).toEqual([
      'hub-api',
      'hub-audit',
      'hub-console',
      'hub-dispatch',
      'hub-ingest',
      'hub-relay',
      'linkage',
      'psb-adapter',
    ]);
    expect(brokers.map(([name]) => name)).toEqual(['kafka-1', 'kafka-2', 'kafka-3']);
  });

  it.each(apps)(
    'gives %s every Kafka setting the apps require, the password from a secret and the CA from a mounted volume',
    (_, service) => {
      const env = service.environment ?? {};
      for (const name of SERVICE_REQUIRED.filter((required) => required.startsWith('KAFKA_')))
        expect({ name, value: env[name] }).toEqual({ name, value: expect.any(String) });
      expect(env['KAFKA_BROKERS']).toBe('kafka-1:9092,kafka-2:9092,kafka-3:9092');
      // The password only from a file: never in the environment, never in the compose file.
      expect(env['KAFKA_SASL_PASSWORD']).toBeUndefined();
      const passwordFile = String(env['KAFKA_SASL_PASSWORD_FILE']);
      expect(passwordFile).toMatch(/^\/run\/secrets\/[a-z_]+$/);
      expect(service.secrets).toContain(passwordFile.slice('/run/secrets/'.length));
      const caFile = String(env['KAFKA_TLS_CA_FILE']);
      expect(mountTargets(service)).toContain(caFile.slice(0, caFile.lastIndexOf('/')));
      expect(service.depends_on?.['kafka-tls']).toEqual({ condition: 'service_completed_successfully' });
    },
  );

  it('runs the hub as the hub super user, and public security and the linkage service as their own agency users', () => {
    const agencyUsers: Record<string, string> = { 'psb-adapter': 'psb-310000', linkage: 'linkage' };
    for (const [name, service] of apps) {
      expect({ name, user: service.environment?.['KAFKA_SASL_USERNAME'] }).toEqual({ name, user: agencyUsers[name] ?? 'hub' });
    }
    expect(compose.services['psb-adapter']?.secrets).toEqual(['kafka_psb_password']);
    expect(compose.services['linkage']?.secrets).toEqual(['kafka_linkage_password', 'linkage_hub_api_key', 'linkage_signing_key']);
  });

  it('declares every secret and volume a service refers to, each secret as a file under docker/secrets/', () => {
    const referenced = new Set(services.flatMap(([, service]) => service.secrets ?? []));
    const declared = compose.secrets ?? {};
    expect([...referenced].filter((name) => declared[name] === undefined)).toEqual([]);
    for (const [name, secret] of Object.entries(declared))
      expect({ name, file: secret.file }).toEqual({ name, file: expect.stringMatching(/^\.\/secrets\/[a-z0-9-]+$/) });
    const named = services
      .flatMap(([, service]) => (service.volumes ?? []).map((volume) => volume.split(':')[0] ?? ''))
      .filter((source) => !source.startsWith('.'));
    expect(named.filter((volume) => !(volume in (compose.volumes ?? {})))).toEqual([]);
  });

  it('has no password written into the file', () => {
    for (const [name, service] of services) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (/PASSWORD|TOKEN|KEY/.test(key) && !key.endsWith('_FILE'))
          expect({ name, key, value }).toEqual({ name, key, value: expect.stringMatching(/^\$\{[A-Z_]+(:[?-])?/) });
      }
    }
  });

  it.each(brokers)('starts %s with the cluster configuration, its own certificate and the broker and hub passwords', (name, service) => {
    expect(service.command).toEqual(['/bin/bash', '/opt/hub-kafka/start-broker.sh']);
    expect(service.volumes).toEqual(expect.arrayContaining([`${name}-tls:/etc/kafka/tls:ro`, './kafka-cluster:/opt/hub-kafka:ro']));
    expect(service.secrets).toEqual(['kafka_broker_password', 'kafka_hub_password']);
    expect(service.environment?.['KAFKA_NODE_ID']).toBe(Number(name.slice('kafka-'.length)));
    expect(service.depends_on?.['kafka-tls']).toEqual({ condition: 'service_completed_successfully' });
    // Formats storage with SCRAM users from exactly these secrets.
    expect(startBroker).toContain('read_password kafka_broker_password');
    expect(startBroker).toContain('read_password kafka_hub_password');
    expect(startBroker).toContain('--add-scram "SCRAM-SHA-512=[name=broker,password=$broker_password]"');
    expect(startBroker).toContain('--add-scram "SCRAM-SHA-512=[name=hub,password=$hub_password]"');
  });
});

describe('docker/kafka-cluster/server.properties.template', () => {
  it('has no PLAINTEXT listener: clients and brokers SASL_SSL with SCRAM-SHA-512, controllers SASL_PLAINTEXT', () => {
    const map = protocolMap();
    expect([...map.values()].filter((protocol) => protocol === 'PLAINTEXT' || protocol === 'SSL')).toEqual([]);
    const controller = setting('controller.listener.names');
    for (const listener of listenerNames(setting('listeners'))) {
      expect({ listener, protocol: map.get(listener) }).toEqual({
        listener,
        protocol: listener === controller ? 'SASL_PLAINTEXT' : 'SASL_SSL',
      });
    }
    for (const listener of listenerNames(setting('advertised.listeners'))) expect(map.get(listener)).toBe('SASL_SSL');
    expect(map.get(setting('inter.broker.listener.name'))).toBe('SASL_SSL');
    expect(setting('listener.name.client.sasl.enabled.mechanisms')).toBe('SCRAM-SHA-512');
    expect(setting('sasl.mechanism.inter.broker.protocol')).toBe('SCRAM-SHA-512');
    expect(setting('ssl.keystore.type')).toBe('PEM');
    expect(setting('ssl.endpoint.identification.algorithm')).toBe('https');
  });

  it('authorizes with ACLs, denies what no ACL grants and makes only the broker and the hub super users', () => {
    expect(setting('authorizer.class.name')).toBe('org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    expect(setting('allow.everyone.if.no.acl.found')).toBe('false');
    expect(setting('super.users').split(';').sort()).toEqual(['User:broker', 'User:hub']);
    expect(Number(setting('connections.max.reauth.ms'))).toBeGreaterThan(0);
  });

  it('replicates three times, needs two in sync and never elects an unclean leader', () => {
    expect(setting('default.replication.factor')).toBe('3');
    expect(setting('offsets.topic.replication.factor')).toBe('3');
    expect(setting('transaction.state.log.replication.factor')).toBe('3');
    expect(setting('min.insync.replicas')).toBe('2');
    expect(setting('transaction.state.log.min.isr')).toBe('2');
    expect(setting('unclean.leader.election.enable')).toBe('false');
    expect(setting('controller.quorum.voters')).toBe('1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093');
    expect(compose.services['hub-relay']?.environment?.['TOPIC_REPLICATION_FACTOR']).toBe(3);
  });
});
