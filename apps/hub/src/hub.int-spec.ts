import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { INBOUND_HEADERS } from '@hub/contracts';
import { agencyInboundTopic, type KafkaConsumer } from '@hub/messaging';
import { repoRoot } from '@hub/devstack';
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
import { loadHubConfig } from './config/hub-config.js';
import { createHubApp } from './create-hub-app.js';

/**
 * The hub's application module booted with every role on a fresh database and the real broker:
 * an agency onboarded through the admin API subscribes, a bureau publishes, and the event reaches
 * the subscriber's inbound topic, numbered, through the outbox, the relay and the dispatcher.
 */
describe('hub application', () => {
  let database: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  let url: string;
  const agency = (id: string): (typeof TEST_AGENCIES)[number] & { contact: string } => ({
    ...(TEST_AGENCIES.find((one) => one.id === id) as (typeof TEST_AGENCIES)[number]),
    contact: 'ops@example.invalid',
  });

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'hub_app');
    app = await createHubApp(loadHubConfig({ ...testHubEnvironment(database.url), HTTP_PORT: '0' }));
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('routes a published event to a subscription made through the API, on the agency inbound topic', async () => {
    const bureau: OnboardedAgency = await onboardAgency(url, TEST_ADMIN_TOKEN, agency('bureau-310000'));
    const psb: OnboardedAgency = await onboardAgency(url, TEST_ADMIN_TOKEN, agency('psb-310000'));
    const subscribed = await fetch(`${url}/v1/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${psb.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'hub app spec', eventTypes: [{ type: 'work-permit.issued' }], channels: { kafka: true } }),
    });
    expect(subscribed.status).toBe(201);
    const subscription = (await subscribed.json()) as { id: string };
    const subscriptionId = subscription.id;
    // The answer has the shape the published OpenAPI document gives it.
    const document = JSON.parse(readFileSync(join(repoRoot(), 'contracts/openapi/hub.json'), 'utf8')) as {
      components: { schemas: Record<string, object> };
    };
    const ajv = new Ajv({ strict: false, allErrors: true });
    formats.default(ajv);
    const validate = ajv.compile({ ...document.components.schemas['Subscription'], additionalProperties: false });
    expect(validate(subscription) ? [] : validate.errors).toEqual([]);

    const event = bureau.sign(aWorkPermitIssuedEvent());
    const published = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bureau.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    expect(published.status).toBe(202);
    expect(await published.json()).toMatchObject({ events: [{ id: event['id'], status: 'accepted' }] });

    // The inbound topic is shared with other suites' hubs: this subscription's records only.
    const received: { sequence?: string; id: string }[] = [];
    const consumer: KafkaConsumer = testKafkaClient('hub-app-spec').consumer({ groupId: `agency.psb-310000.spec-${randomUUID()}` });
    await consumer.connect();
    try {
      const topic = agencyInboundTopic('psb-310000');
      const admin = testKafkaClient('hub-app-spec-admin').admin();
      await admin.connect();
      await waitUntil(`${topic} created by the dispatcher`, async () => (await admin.listTopics()).includes(topic), 60_000).finally(() =>
        admin.disconnect(),
      );
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          const header = (name: string): string | undefined => message.headers?.[name]?.toString();
          if (header(INBOUND_HEADERS.subscriptionId) === subscriptionId) {
            received.push({ sequence: header(INBOUND_HEADERS.sequence), id: (JSON.parse(String(message.value)) as { id: string }).id });
          }
          return Promise.resolve();
        },
      });
      await waitUntil('the event on the inbound topic', () => received.length > 0, 60_000);
    } finally {
      await consumer.disconnect();
    }
    expect(received).toEqual([{ sequence: '1', id: event['id'] }]);
  });

  it('serves the OpenAPI document published under contracts/ and a Swagger UI, without credentials', async () => {
    const served = await fetch(`${url}/openapi.json`);
    expect(served.status).toBe(200);
    const published: unknown = JSON.parse(readFileSync(join(repoRoot(), 'contracts/openapi/hub.json'), 'utf8'));
    expect(await served.json()).toEqual(published);
    const ui = await fetch(`${url}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
    const script = await fetch(`${url}/docs/swagger-ui-bundle.js`);
    expect(script.status).toBe(200);
  });
});
