import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { agencyInboundTopic } from '@hub/messaging';
import { canLogIn, collectingConsumer, testKafkaClient, waitUntil } from '@hub/testing';
import { adminCall, kafkaPasswordOf, startHub, TEST_ADMIN_TOKEN, type RunningApp } from '../support/running-apps.js';

const ROTATING = 'bureau-110000';
const SUSPENDED = 'bureau-320000';

/** Agencies' Kafka credentials over their life: rotated without losing a record, revoked for connections already open. */
describe("agencies' Kafka credentials", () => {
  let hub: RunningApp;
  const producer = testKafkaClient('credentials-test').producer();
  const send = async (topic: string, values: string[]): Promise<void> => {
    await producer.send({ topic, acks: -1, messages: values.map((value) => ({ value })) });
  };

  beforeAll(async () => {
    hub = await startHub();
    const admin = testKafkaClient('credentials-test').admin();
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const topics = [agencyInboundTopic(ROTATING), agencyInboundTopic(SUSPENDED)].filter((topic) => !existing.has(topic));
    if (topics.length > 0) await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 3 })), waitForLeaders: true });
    await admin.disconnect();
    await producer.connect();
  }, 120_000);
  afterAll(async () => {
    await producer.disconnect();
    await hub?.destroy();
  }, 60_000);

  it('rotates a password without losing a record: the group resumes at its committed offsets with the new one', async () => {
    const topic = agencyInboundTopic(ROTATING);
    const group = `agency.${ROTATING}.rotation-${randomUUID()}`;
    const run = randomUUID();
    const first = Array.from({ length: 10 }, (_, i) => `${run}-a${i}`);
    const second = Array.from({ length: 10 }, (_, i) => `${run}-b${i}`);
    const oldPassword = await kafkaPasswordOf(ROTATING, hub.url);
    const seen: string[] = [];

    const before = await collectingConsumer(ROTATING, oldPassword, topic, group, seen);
    await send(topic, first);
    await waitUntil('the first half read with the old password', () => Promise.resolve(first.every((v) => seen.includes(v))));
    await before.disconnect();

    const rotated = await adminCall(hub.url, 'POST', `/v1/admin/agencies/${ROTATING}/kafka-credentials`, {});
    const newPassword = String(rotated['password']);
    expect(newPassword).not.toBe(oldPassword);
    expect(await canLogIn(ROTATING, oldPassword)).toBe(false);
    await send(topic, second);

    const after = await collectingConsumer(ROTATING, newPassword, topic, group, seen);
    try {
      await waitUntil('the second half read with the new password', () => Promise.resolve(second.every((v) => seen.includes(v))));
    } finally {
      await after.disconnect();
    }
    const ours = seen.filter((value) => value.startsWith(run));
    expect(new Set(ours)).toEqual(new Set([...first, ...second]));
    expect(ours).toHaveLength(20);
  }, 120_000);

  it('stops a consumer already connected within seconds of the suspension', async () => {
    const topic = agencyInboundTopic(SUSPENDED);
    const password = await kafkaPasswordOf(SUSPENDED, hub.url);
    const seen: string[] = [];
    const consumer = await collectingConsumer(SUSPENDED, password, topic, `agency.${SUSPENDED}.open-${randomUUID()}`, seen);
    let crashedAt: number | undefined;
    let crash = '';
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      crashedAt ??= Date.now();
      crash = String(payload.error);
    });
    const marker = `before-${randomUUID()}`;
    await send(topic, [marker]);
    await waitUntil('the open consumer reads while active', () => Promise.resolve(seen.includes(marker)));

    const suspendedAt = Date.now();
    await adminCall(hub.url, 'POST', `/v1/admin/agencies/${SUSPENDED}/suspend`, { reason: 'credentials test' });
    try {
      await waitUntil('the open consumer to be cut off', () => Promise.resolve(crashedAt !== undefined), 30_000, 100);
      expect((crashedAt ?? Infinity) - suspendedAt).toBeLessThan(15_000);
      expect(crash).toMatch(/SASL|authentication|Authorization/i);
      const late = `after-${randomUUID()}`;
      await send(topic, [late]);
      expect(seen).not.toContain(late);
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
  }, 120_000);

  it('does not onboard an agency whose Kafka user cannot be made: 503, retriable, nothing registered', async () => {
    const cut = await startHub({ brokers: ['127.0.0.1:1'], onboard: false, env: { HUB_ROLES: 'api' } });
    try {
      const headers = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
      const body = {
        id: 'moe',
        kind: 'moe',
        region: null,
        nameZh: '教育部',
        nameEn: 'Ministry of Education',
        contact: 'ops@example.invalid',
      };
      const response = await fetch(`${cut.url}/v1/admin/agencies`, { method: 'POST', headers, body: JSON.stringify(body) });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('KAFKA_ACCESS_FAILED');
      expect((await fetch(`${cut.url}/v1/admin/agencies/moe`, { headers })).status).toBe(404);
      expect(
        (await cut.db.query(`SELECT 1 FROM audit_trail WHERE action IN ('agency.onboarded', 'kafka-credentials.created')`)).rowCount,
      ).toBe(0);
    } finally {
      await cut.destroy();
    }
  }, 60_000);
});
