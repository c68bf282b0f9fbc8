import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { INBOUND_HEADERS, KAFKA_HEADERS } from '@hub/contracts';
import { agencyInboundTopic } from '@hub/messaging';
import { createTestDatabase } from '@hub/persistence';
import {
  aWorkPermitIssuedEvent,
  grantTestAgencyKafkaAccess,
  TEST_DATABASE_SERVER_URL,
  TEST_PSB_READER_KEY,
  testKafkaClient,
  testPsbAdapterEnvironment,
  waitUntil,
} from '@hub/testing';
import { loadPsbAdapterConfig } from './config/psb-adapter-config.js';
import { createPsbAdapterApp } from './create-psb-adapter-app.js';

/**
 * The public-security adapter's application module booted on a fresh database, consuming as its
 * own agency (a fresh one, so no other suite writes its topic) from the real broker: a work permit
 * the hub delivers on the inbound topic is recorded and read back over the adapter's HTTP API.
 */
describe('public-security adapter application', () => {
  const agencyId = `psb-${randomInt(800_000, 899_999)}`;
  const topic = agencyInboundTopic(agencyId);
  const kafka = testKafkaClient('psb-app-spec');
  let database: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'psb_app');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] }).finally(() => admin.disconnect());
    const env = testPsbAdapterEnvironment({
      databaseUrl: database.url,
      agencyId,
      kafkaPassword: await grantTestAgencyKafkaAccess(agencyId),
      groupId: `agency.${agencyId}.spec-${randomUUID()}`,
    });
    app = await createPsbAdapterApp(loadPsbAdapterConfig(env));
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('records a work permit delivered on its inbound topic and serves it to a reader', async () => {
    // As public security's projection delivers it: subject set by the hub, no signature, employer or points.
    const { data, ...envelope } = aWorkPermitIssuedEvent();
    const { permitNo, permitClass, holder, validFrom, validTo } = data as Record<string, unknown>;
    const event: Record<string, unknown> & { subject: string } = {
      ...envelope,
      subject: `sub_${randomUUID().replace(/-/g, '')}`,
      correlationid: `psb-app-spec-${randomUUID()}`,
      data: { permitNo, permitClass, holder, validFrom, validTo },
    };
    const producer = kafka.producer();
    await producer.connect();
    await producer
      .send({
        topic,
        messages: [
          {
            key: event.subject,
            value: JSON.stringify(event),
            headers: {
              [KAFKA_HEADERS.eventId]: String(event['id']),
              [INBOUND_HEADERS.subscriptionId]: randomUUID(),
              [INBOUND_HEADERS.sequence]: '1',
            },
          },
        ],
      })
      .finally(() => producer.disconnect());

    const read = (): Promise<Response> =>
      fetch(`${url}/v1/work-permits/${String(permitNo)}`, { headers: { authorization: `Bearer ${TEST_PSB_READER_KEY}` } });
    const record = await waitUntil(
      'the permit recorded',
      async () => {
        const response = await read();
        return response.status === 200 && ((await response.json()) as Record<string, unknown>);
      },
      60_000,
    );
    expect(record).toMatchObject({ sourceEventId: event['id'], status: 'valid' });
    expect((await fetch(`${url}/v1/work-permits/${String(permitNo)}`)).status).toBe(401);
  });
});
