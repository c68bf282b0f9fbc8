import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { createTestDatabase } from '@hub/persistence';
import {
  aWorkPermitIssuedEvent,
  onboardAgency,
  TEST_ADMIN_TOKEN,
  TEST_AGENCIES,
  TEST_DATABASE_SERVER_URL,
  testHubEnvironment,
  waitUntil,
  type OnboardedAgency,
} from '@hub/testing';
import { loadHubConfig } from '../../config/hub-config.js';
import { createHubApp } from '../../create-hub-app.js';
import { addConsoleOperator, ConsoleClient } from '../testing/console-client.js';

interface Hop {
  subscription: string;
  at: string;
  channel?: string;
  approximate?: boolean;
}
interface Hops {
  accepted: string;
  dispatched: Hop[];
  relayed: Hop[];
  relayWaiting: { subscription: string; waitingSince: string; attempts: number; lastError: string | null }[];
  delivered: Hop[];
}

/**
 * The relayed hop of one person's path over a real hub, broker and database: an event for a Kafka
 * subscription, published to a hub that runs no relay, waits in the outbox (listed as waiting, not
 * relayed); once a relay process on the same database has put it on the subscriber's inbound topic,
 * the path shows it relayed and delivered over Kafka, at the commit that handed it over (marked
 * approximate: the relay keeps no time of its own).
 */
describe('console person path: relayed and Kafka-delivered hops', () => {
  const run = randomUUID().slice(0, 8);
  const correlationId = `corr-path-relayed-${run}`;
  let database: { url: string; drop: () => Promise<void> };
  let hub: INestApplication;
  let relay: INestApplication | undefined;
  let url: string;
  let operator: ConsoleClient;
  let bureau: OnboardedAgency;
  let subscriptionId = '';
  const agency = (id: string): (typeof TEST_AGENCIES)[number] & { contact: string } => ({
    ...(TEST_AGENCIES.find((one) => one.id === id) as (typeof TEST_AGENCIES)[number]),
    contact: 'ops@example.invalid',
  });
  const environment = (): Record<string, string> => ({ ...testHubEnvironment(database.url), HTTP_PORT: '0' });
  const path = async (): Promise<Hops | undefined> => {
    const answer = await operator.get(`/console/api/path?correlationId=${correlationId}`, { 'x-purpose': 'case-review' });
    expect(answer.status).toBe(200);
    return (answer.body['events'] as { hops: Hops }[])[0]?.hops;
  };

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'console_path_relayed');
    hub = await createHubApp(loadHubConfig({ ...environment(), HUB_ROLES: 'api,console' }));
    await hub.listen(0, '127.0.0.1');
    url = (await hub.getUrl()).replace('[::1]', '127.0.0.1');
    await addConsoleOperator(url, TEST_ADMIN_TOKEN, { username: 'operator1', role: 'operator', password: 'operator-password-1' });
    operator = await ConsoleClient.logIn(url, 'operator1', 'operator-password-1');
    bureau = await onboardAgency(url, TEST_ADMIN_TOKEN, agency('bureau-310000'));
    const psb = await onboardAgency(url, TEST_ADMIN_TOKEN, agency('psb-310000'));
    const subscribed = await fetch(`${url}/v1/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${psb.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `path relayed ${run}`, eventTypes: [{ type: 'work-permit.issued' }], channels: { kafka: true } }),
    });
    expect(subscribed.status).toBe(201);
    subscriptionId = ((await subscribed.json()) as { id: string }).id;
  }, 120_000);
  afterAll(async () => {
    await relay?.close();
    await hub?.close();
    await database?.drop();
  }, 60_000);

  it('shows a record waiting in the outbox, then relayed and delivered over Kafka once a relay ran', async () => {
    const event = bureau.sign({ ...aWorkPermitIssuedEvent(), correlationid: correlationId });
    const published = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bureau.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [event] }),
    });
    expect(published.status).toBe(202);

    const waiting = await path();
    expect(waiting?.dispatched).toEqual([{ subscription: subscriptionId, at: expect.any(String) }]);
    expect(waiting?.relayed).toEqual([]);
    expect(waiting?.delivered).toEqual([]);
    expect(waiting?.relayWaiting).toEqual([
      { subscription: subscriptionId, waitingSince: expect.any(String), attempts: 0, lastError: null },
    ]);

    relay = await createHubApp(loadHubConfig({ ...environment(), HUB_ROLES: 'relay' }));
    await relay.init();
    const relayed = await waitUntil('the record relayed', async () => ((await path())?.relayed.length === 1 ? path() : undefined), 60_000);
    const routedAt = waiting?.dispatched[0]?.at;
    expect(relayed?.relayWaiting).toEqual([]);
    expect(relayed?.relayed).toEqual([{ subscription: subscriptionId, at: routedAt, approximate: true }]);
    expect(relayed?.delivered).toEqual([{ subscription: subscriptionId, at: routedAt, approximate: true, channel: 'kafka' }]);
    expect(Date.parse(routedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(relayed?.accepted ?? ''));
  }, 120_000);
});
