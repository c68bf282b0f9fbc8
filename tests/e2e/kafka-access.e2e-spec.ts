import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { agencyInboundTopic } from '@hub/messaging';
import { TEST_KAFKA_BROKERS, testKafkaCaFile, testKafkaClient, waitUntil } from '@hub/testing';
import { adminCall, kafkaPasswordOf, PSB_AGENCY, startHub, type RunningApp } from '../support/running-apps.js';

const OTHER_AGENCY = 'bureau-320000';
const CANONICAL_TOPIC = 'hub.work-permit.events';

interface KcatOutcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Debian's kcat (librdkafka), an outside client that shares no code with the hub. */
function kcat(args: readonly string[], options: { input?: string } = {}): KcatOutcome {
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
function consume(login: string[], topic: string, group?: string): KcatOutcome {
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
    psbPassword = await kafkaPasswordOf(PSB_AGENCY, hub.url);
    const admin = testKafkaClient('kafka-access-test').admin();
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const wanted = [agencyInboundTopic(PSB_AGENCY), agencyInboundTopic(OTHER_AGENCY), CANONICAL_TOPIC].filter(
      (topic) => !existing.has(topic),
    );
    if (wanted.length > 0) await admin.createTopics({ topics: wanted.map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: true });
    await admin.disconnect();
    const producer = testKafkaClient('kafka-access-test').producer();
    await producer.connect();
    for (const topic of [agencyInboundTopic(PSB_AGENCY), agencyInboundTopic(OTHER_AGENCY), CANONICAL_TOPIC]) {
      await producer.send({ topic, acks: -1, messages: [{ value: `${marker} ${topic}` }] });
    }
    await producer.disconnect();
  }, 120_000);
  afterAll(async () => {
    await hub?.destroy();
  }, 60_000);

  it('refuses a client without credentials, and one with a wrong password', () => {
    const anonymous = consume(loginAs(undefined), agencyInboundTopic(PSB_AGENCY), `agency.${PSB_AGENCY}.anonymous`);
    expect(anonymous.stdout).not.toContain(marker);
    expect(anonymous.status).not.toBe(0);
    const wrong = consume(loginAs(PSB_AGENCY, `${psbPassword}-wrong`), agencyInboundTopic(PSB_AGENCY), `agency.${PSB_AGENCY}.wrong`);
    expect(wrong.stdout).not.toContain(marker);
    expect(wrong.stderr).toMatch(/Authentication failed|SASL authentication error/i);
  });

  it('lets public security read its own inbound topic and nothing else, and never write to it', () => {
    const login = loginAs(PSB_AGENCY, psbPassword);
    const own = consume(login, agencyInboundTopic(PSB_AGENCY));
    expect(own.stderr + own.stdout).toContain(`${marker} ${agencyInboundTopic(PSB_AGENCY)}`);
    for (const topic of [agencyInboundTopic(OTHER_AGENCY), CANONICAL_TOPIC]) {
      const refused = consume(login, topic);
      expect(refused.stdout).not.toContain(marker);
      expect(refused.stderr).toMatch(/authorization failed|not authorized/i);
    }
    const foreignGroup = consume(login, agencyInboundTopic(PSB_AGENCY), `agency.${OTHER_AGENCY}.kcat`);
    expect(foreignGroup.stdout).not.toContain(marker);
    expect(foreignGroup.stderr).toMatch(/authorization failed|not authorized/i);
    const produced = kcat([...login, '-P', '-t', agencyInboundTopic(PSB_AGENCY)], { input: 'forged\n' });
    expect(produced.stderr).toMatch(/authorization failed|not authorized/i);
  });

  it('refuses a suspended agency within seconds', async () => {
    const login = loginAs(PSB_AGENCY, psbPassword);
    expect(consume(login, agencyInboundTopic(PSB_AGENCY)).stdout).toContain(marker);
    await adminCall(hub.url, 'POST', `/v1/admin/agencies/${PSB_AGENCY}/suspend`, { reason: 'access review' });
    const suspendedAt = Date.now();
    await waitUntil(
      'kcat refused as the suspended agency',
      () => {
        const after = consume(login, agencyInboundTopic(PSB_AGENCY));
        return Promise.resolve(!after.stdout.includes(marker) && /Authentication failed|SASL authentication error/i.test(after.stderr));
      },
      15_000,
      500,
    );
    expect(Date.now() - suspendedAt).toBeLessThan(15_000);
    const audited = await hub.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action IN ('kafka-credentials.created', 'agency.suspended', 'kafka-credentials.revoked') ORDER BY 1`,
    );
    expect(audited.rows.map((row) => row.action)).toEqual(
      expect.arrayContaining(['agency.suspended', 'kafka-credentials.created', 'kafka-credentials.revoked']),
    );
  }, 60_000);
});
