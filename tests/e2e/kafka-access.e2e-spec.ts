import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { agencyInboundTopic } from '@hub/messaging';
import { onboardAgency, TEST_KAFKA_BROKERS, testKafkaCaFile, testKafkaClient } from '@hub/testing';
import { kafkaProbe, type ClientOutcome } from '../support/kafka-probe.js';
import { adminCall, startHub, TEST_ADMIN_TOKEN, type RunningApp } from '../support/running-apps.js';

/**
 * Public security of Fujian, onboarded by this suite alone: the other suites read psb-310000's
 * inbound topic, and the marker records written here are not hub deliveries.
 */
const PSB_AGENCY = 'psb-350000';
const OTHER_AGENCY = 'bureau-320000';
/** Created by the hub's relay at start; read here only to be refused, so nothing is written to it. */
const CANONICAL_TOPIC = 'hub.work-permit.events';

/** Debian's kcat (librdkafka), an outside client that shares no code with the hub. */
function kcat(args: readonly string[], options: { input?: string } = {}): ClientOutcome {
  const result = spawnSync('kcat', ['-b', TEST_KAFKA_BROKERS[0] ?? '', ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    input: options.input,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** kcat's settings for SASL_SSL as `user`; `password` undefined: TLS only, no SASL at all. */
function loginAs(user: string | undefined, password?: string): string[] {
  const tls = ['-X', `ssl.ca.location=${testKafkaCaFile()}`];
  if (user === undefined) return ['-X', 'security.protocol=SSL', ...tls];
  return [
    '-X',
    'security.protocol=SASL_SSL',
    '-X',
    'sasl.mechanisms=SCRAM-SHA-512',
    '-X',
    `sasl.username=${user}`,
    '-X',
    `sasl.password=${password ?? ''}`,
    ...tls,
  ];
}

/** Reads a topic from the start to its end; with `group`, as a member of that consumer group. */
function consume(login: string[], topic: string, group?: string): ClientOutcome {
  const how = group === undefined ? ['-C', '-t', topic, '-o', 'beginning'] : ['-X', 'auto.offset.reset=earliest', '-G', group, topic];
  return kcat([...login, '-X', 'socket.timeout.ms=10000', ...how, '-e', '-f', '%s\\n']);
}

/**
 * Kafka access from outside, with kcat: nobody reads without credentials or with a wrong password;
 * public security, onboarded by the hub, reads its inbound topic and nothing else; once suspended it
 * is refused within seconds.
 */
describe('Kafka access per agency (kcat)', () => {
  let hub: RunningApp;
  let psbPassword: string;
  const marker = `marker-${randomUUID()}`;

  beforeAll(async () => {
    hub = await startHub();
    const onboarded = await onboardAgency(hub.url, TEST_ADMIN_TOKEN, {
      id: PSB_AGENCY,
      kind: 'psb',
      region: '350000',
      nameZh: '福建省公安厅出入境管理局',
      nameEn: 'Fujian Exit-Entry Administration',
      contact: 'kafka-access-test@example.invalid',
    });
    psbPassword = onboarded.kafkaPassword ?? '';
    const admin = testKafkaClient('kafka-access-test').admin();
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const wanted = [agencyInboundTopic(PSB_AGENCY), agencyInboundTopic(OTHER_AGENCY)].filter((topic) => !existing.has(topic));
    if (wanted.length > 0) await admin.createTopics({ topics: wanted.map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: true });
    expect(existing.has(CANONICAL_TOPIC)).toBe(true);
    await admin.disconnect();
    const producer = testKafkaClient('kafka-access-test').producer();
    await producer.connect();
    for (const topic of [agencyInboundTopic(PSB_AGENCY), agencyInboundTopic(OTHER_AGENCY)]) {
      await producer.send({ topic, acks: -1, messages: [{ value: `${marker} ${topic}` }] });
    }
    await producer.disconnect();
  }, 120_000);
  afterAll(async () => {
    await hub?.destroy();
  }, 60_000);

  it('gives an onboarded agency a random SCRAM password, shown once', () => {
    expect(psbPassword).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('refuses a client without credentials, and one with a wrong password', () => {
    const anonymous = consume(loginAs(undefined), agencyInboundTopic(PSB_AGENCY), `agency.${PSB_AGENCY}.anonymous`);
    expect(anonymous.stdout).not.toContain(marker);
    expect(anonymous.status).not.toBe(0);
    const wrong = consume(loginAs(PSB_AGENCY, `${psbPassword}-wrong`), agencyInboundTopic(PSB_AGENCY), `agency.${PSB_AGENCY}.wrong`);
    expect(wrong.stdout).not.toContain(marker);
    expect(wrong.stderr).toMatch(/Authentication failed|SASL authentication error/i);
  });

  it('lets public security read its own inbound topic and nothing else, and never write to it', () => {
    const own = kafkaProbe('consume', PSB_AGENCY, psbPassword, agencyInboundTopic(PSB_AGENCY));
    expect(own.stdout).toContain(`${marker} ${agencyInboundTopic(PSB_AGENCY)}`);
    const inGroup = kafkaProbe(
      'consume',
      PSB_AGENCY,
      psbPassword,
      agencyInboundTopic(PSB_AGENCY),
      `agency.${PSB_AGENCY}.probe-${randomUUID()}`,
    );
    expect(inGroup.stdout).toContain(marker);
    for (const topic of [agencyInboundTopic(OTHER_AGENCY), CANONICAL_TOPIC]) {
      const refused = kafkaProbe('consume', PSB_AGENCY, psbPassword, topic);
      expect(refused.stdout).not.toContain(marker);
      expect(refused.stderr).toContain('REFUSED TopicAuthorizationException');
    }
    const foreignGroup = kafkaProbe('consume', PSB_AGENCY, psbPassword, agencyInboundTopic(PSB_AGENCY), `agency.${OTHER_AGENCY}.probe`);
    expect(foreignGroup.stdout).not.toContain(marker);
    expect(foreignGroup.stderr).toContain('REFUSED GroupAuthorizationException');
    const produced = kafkaProbe('produce', PSB_AGENCY, psbPassword, agencyInboundTopic(PSB_AGENCY));
    expect(produced.stderr).toContain('REFUSED TopicAuthorizationException');
  }, 120_000);

  it('refuses a suspended agency within seconds', async () => {
    expect(kafkaProbe('consume', PSB_AGENCY, psbPassword, agencyInboundTopic(PSB_AGENCY)).stdout).toContain(marker);
    // The idle keep-alive connection of the earlier calls may be gone after the slow Java runs: one retry.
    const suspend = (): Promise<unknown> =>
      adminCall(hub.url, 'POST', `/v1/admin/agencies/${PSB_AGENCY}/suspend`, { reason: 'access review' });
    await suspend().catch((error: unknown) => {
      if (String((error as Error).cause).includes('ECONNRESET')) return suspend();
      throw error;
    });
    const refused = kafkaProbe('consume', PSB_AGENCY, psbPassword, agencyInboundTopic(PSB_AGENCY));
    expect(refused.stdout).not.toContain(marker);
    expect(refused.stderr).toContain('REFUSED SaslAuthenticationException');
    const audited = await hub.db.query<{ action: string }>(
      `SELECT action FROM audit_trail WHERE action IN ('kafka-credentials.created', 'agency.suspended', 'kafka-credentials.revoked') ORDER BY 1`,
    );
    expect(audited.rows.map((row) => row.action)).toEqual(
      expect.arrayContaining(['agency.suspended', 'kafka-credentials.created', 'kafka-credentials.revoked']),
    );
  }, 120_000);
});
