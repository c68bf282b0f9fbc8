import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { agencyConsumerGroupPrefix, agencyInboundTopic } from '@hub/messaging';
import { createTestDatabase } from '@hub/persistence';
import {
  aWorkPermitIssuedEvent,
  onboardAgency,
  TEST_ADMIN_TOKEN,
  TEST_AGENCIES,
  TEST_DATABASE_SERVER_URL,
  testHubEnvironment,
  testKafkaClient,
  waitUntil,
  type OnboardedAgency,
} from '@hub/testing';
import { DataSource } from 'typeorm';
import { loadHubConfig } from '../../config/hub-config.js';
import { createHubApp } from '../../create-hub-app.js';
import { MetricRollups, MinuteSampler } from '../../ops/index.js';
import { addConsoleOperator, ConsoleClient } from '../testing/console-client.js';

interface Series {
  stage: string;
  key: string;
  points: [string, number][];
}

/**
 * The flows and lag pages over a real hub, Kafka and PostgreSQL: a bureau publishes three events
 * to a Kafka subscription of public security that sends no receipt; the rollups of that minute show
 * them accepted (by domain and by agency), relayed and delivered to public security, and the lag
 * page shows the subscription three messages behind, now and in its sampled trend; an operator
 * pauses, resumes and replays it.
 */
describe('console flows and lag', () => {
  let database: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  let url: string;
  let viewer: ConsoleClient;
  let operator: ConsoleClient;
  let subscriptionId: string;
  const agency = (id: string): (typeof TEST_AGENCIES)[number] & { contact: string } => ({
    ...(TEST_AGENCIES.find((one) => one.id === id) as (typeof TEST_AGENCIES)[number]),
    contact: 'ops@example.invalid',
  });

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'console_flows');
    app = await createHubApp(loadHubConfig({ ...testHubEnvironment(database.url), HTTP_PORT: '0' }));
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await addConsoleOperator(url, TEST_ADMIN_TOKEN, { username: 'viewer1', role: 'viewer', password: 'viewer-password-1' });
    viewer = await ConsoleClient.logIn(url, 'viewer1', 'viewer-password-1');
    await addConsoleOperator(url, TEST_ADMIN_TOKEN, { username: 'operator1', role: 'operator', password: 'operator-password-1' });
    operator = await ConsoleClient.logIn(url, 'operator1', 'operator-password-1');

    const bureau: OnboardedAgency = await onboardAgency(url, TEST_ADMIN_TOKEN, agency('bureau-310000'));
    const psb: OnboardedAgency = await onboardAgency(url, TEST_ADMIN_TOKEN, agency('psb-310000'));
    const subscribed = await fetch(`${url}/v1/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${psb.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'console flows', eventTypes: [{ type: 'work-permit.issued' }], channels: { kafka: true } }),
    });
    subscriptionId = ((await subscribed.json()) as { id: string }).id;
    const events = [1, 2, 3].map(() => bureau.sign(aWorkPermitIssuedEvent()));
    const published = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bureau.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    expect(published.status).toBe(202);
    const health = async (): Promise<{ outbox: { pending: number; deliveriesPending: number } }> =>
      (await fetch(`${url}/health`)).json() as Promise<{ outbox: { pending: number; deliveriesPending: number } }>;
    await waitUntil(
      'the outbox relayed',
      async () => {
        const { outbox } = await health();
        return outbox.pending === 0 && outbox.deliveriesPending === 0;
      },
      60_000,
    );
    await app.get(MetricRollups).flush();
    await app.get(MinuteSampler).sample(new Date(Date.now() + 60_000));
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const total = (series: Series[], stage: string, key: string): number =>
    series
      .filter((one) => one.stage === stage && one.key === key)
      .reduce((sum, one) => sum + one.points.reduce((s, [, rate]) => s + rate * 60, 0), 0);

  it('shows each stage per domain, per publishing agency and per subscriber, with a point for every minute', async () => {
    const byDomain = await viewer.get('/console/api/flows?range=1h&by=domain');
    expect(byDomain.status).toBe(200);
    const domain = byDomain.body as unknown as { stepSeconds: number; series: Series[] };
    expect(domain.stepSeconds).toBe(60);
    expect(Math.round(total(domain.series, 'accepted', 'work-permit'))).toBe(3);
    expect(Math.round(total(domain.series, 'relayed', 'work-permit'))).toBe(3);
    expect(domain.series.every((one) => one.points.length === 60)).toBe(true);
    const byAgency = (await viewer.get('/console/api/flows?range=24h&by=agency')).body as unknown as {
      stepSeconds: number;
      series: Series[];
    };
    expect(byAgency.stepSeconds).toBe(300);
    expect(Math.round(total(byAgency.series, 'accepted', 'bureau-310000') * 5)).toBe(3);
    const bySubscriber = (await viewer.get('/console/api/flows?by=subscriber')).body as unknown as { series: Series[] };
    expect(Math.round(total(bySubscriber.series, 'delivered', 'psb-310000'))).toBe(3);
    const bad = await viewer.get('/console/api/flows?by=province');
    expect(bad.status).toBe(400);
    expect(bad.body['field']).toBe('by');
  });

  it('shows the subscription three messages behind without receipts, now and in its trend, and the outbox drained', async () => {
    const lag = await viewer.get('/console/api/lag?range=1h');
    expect(lag.status).toBe(200);
    const body = lag.body as unknown as {
      subscriptions: {
        id: string;
        transport: string;
        state: string;
        lagMessages: number;
        lagSeconds: number;
        lastDeliveredSequence: number;
        unacknowledged: number;
        trend: [string, number, number][];
      }[];
      outbox: { backlog: number; trend: [string, number][] };
      relay: { state: string };
      dispatcher: { state: string };
    };
    const subscription = body.subscriptions.find((one) => one.id === subscriptionId);
    expect(subscription).toMatchObject({
      transport: 'kafka',
      state: 'active',
      lagMessages: 3,
      lastDeliveredSequence: 3,
      unacknowledged: 3,
    });
    expect(subscription?.trend.length).toBe(60);
    expect(subscription?.trend.some(([, messages]) => messages === 3)).toBe(true);
    expect(body.outbox.backlog).toBe(0);
    expect(body.outbox.trend.length).toBe(60);
    expect(body.relay.state).toBe('idle');
  });

  it('shows the consumer groups reading a Kafka subscription’s inbound topic, with their lag in messages and seconds', async () => {
    const topic = agencyInboundTopic('psb-310000');
    const groupId = `${agencyConsumerGroupPrefix('psb-310000')}console-lag-${randomUUID().slice(0, 8)}`;
    const kafka = testKafkaClient(`console-lag-${randomUUID().slice(0, 8)}`);
    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer();
    try {
      // The group has read everything the topic holds, then two more records arrive on partition 0.
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId, topic, partitions: ends.map((end) => ({ partition: end.partition, offset: end.high })) });
      await producer.connect();
      await producer.send({ topic, messages: [0, 1].map((n) => ({ partition: 0, key: `console-lag-${n}`, value: '{}' })) });
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
    type Group = { groupId: string; lagMessages: number; lagSeconds: number | null };
    const lag = async (): Promise<{ subscription?: { consumerGroups: Group[] }; part: { groups: Group[]; error: string | null } }> => {
      const body = (await viewer.get('/console/api/lag?range=1h')).body as unknown as {
        subscriptions: { id: string; consumerGroups: Group[] }[];
        consumerGroups: { groups: Group[]; error: string | null };
      };
      return { subscription: body.subscriptions.find((one) => one.id === subscriptionId), part: body.consumerGroups };
    };
    // The brokers are asked at most every 10 s: wait for a reading that has the new group.
    const seen = await waitUntil(
      'the group in the lag page',
      async () => {
        const answer = await lag();
        return answer.subscription?.consumerGroups.some((group) => group.groupId === groupId) ? answer : undefined;
      },
      30_000,
    );
    expect(seen.part.error).toBeNull();
    const group = seen.subscription?.consumerGroups.find((one) => one.groupId === groupId);
    // Two behind: the age of the subscription's delivery two from the end of its sequence (the second of three).
    expect(group).toEqual({ groupId, lagMessages: 2, lagSeconds: expect.any(Number) });
    expect(group?.lagSeconds).toBeGreaterThan(0);
    expect(seen.part.groups).toEqual(
      expect.arrayContaining([expect.objectContaining({ agency: 'psb-310000', topic, groupId, subscriptions: [subscriptionId] })]),
    );
  });

  it('lists agencies and subscriptions, and lets an operator (not a viewer) pause, resume and replay, audited under the operator', async () => {
    const agencies = (await viewer.get('/console/api/agencies')).body as unknown as {
      id: string;
      transports: string[];
      lastPublishedAt: string | null;
    }[];
    expect(agencies.find((one) => one.id === 'psb-310000')).toMatchObject({ transports: ['kafka'] });
    expect(agencies.find((one) => one.id === 'bureau-310000')?.lastPublishedAt).not.toBeNull();
    const subscriptions = (await viewer.get('/console/api/subscriptions')).body as unknown as {
      id: string;
      state: string;
      lagMessages: number;
    }[];
    expect(subscriptions).toEqual([
      expect.objectContaining({ id: subscriptionId, state: 'active', lagMessages: 3, lastDeliveredSequence: 3 }),
    ]);

    const refused = await viewer.post(`/console/api/subscriptions/${subscriptionId}/pause`);
    expect(refused.status).toBe(403);
    expect(refused.body['code']).toBe('ROLE_FORBIDDEN');
    expect((await operator.post(`/console/api/subscriptions/${subscriptionId}/pause`)).body).toEqual({
      id: subscriptionId,
      state: 'paused',
    });
    expect((await viewer.get('/console/api/subscriptions')).body).toEqual([expect.objectContaining({ state: 'paused' })]);
    expect((await operator.post(`/console/api/subscriptions/${subscriptionId}/resume`)).body).toEqual({
      id: subscriptionId,
      state: 'active',
    });

    const started = await operator.post(`/console/api/subscriptions/${subscriptionId}/replays`, {});
    expect(started.status).toBe(202);
    const replayId = String(started.body['replayId']);
    await waitUntil(
      'the replay finished',
      async () => (await viewer.get(`/console/api/subscriptions/${subscriptionId}/replays/${replayId}`)).body['state'] === 'finished',
      30_000,
    );
    expect((await viewer.get(`/console/api/subscriptions/${subscriptionId}/replays/${replayId}`)).body).toEqual({
      state: 'finished',
      total: 3,
      done: 3,
    });
    expect((await operator.post(`/console/api/subscriptions/${subscriptionId}/replays`, { to: 'x' })).body).toMatchObject({ field: 'to' });

    const audited = await app
      .get(DataSource)
      .query<{ action: string }[]>(
        `SELECT action FROM audit_trail WHERE actor = 'admin:console:operator1' ORDER BY coalesce(seq, 0), leaf`,
      );
    expect(audited.map((row) => row.action)).toEqual(expect.arrayContaining(['subscription.paused', 'subscription.resumed']));
  });
});
