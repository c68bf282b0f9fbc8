import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { DISPATCH_TOPIC, KAFKA_HEADERS } from '@hub/contracts';
import { agencyInboundTopic, ensureTopics, type KafkaConsumer, type KafkaProducer } from '@hub/messaging';
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
import { addConsoleOperator, ConsoleClient } from '../testing/console-client.js';

interface Item {
  id: string;
  source: string;
  eventId: string | null;
  eventType: string | null;
  correlationId: string | null;
  lastError: string | null;
}

/**
 * Parked Kafka records redriven and discarded from the console over a real hub, broker and
 * database. The dispatcher parks a dispatch-stream record whose event the store does not hold yet
 * (EVENT_NOT_STORED) and one that is no event (NOT_AN_EVENT); the event is then stored while its
 * subscription is paused, so nothing delivers it but the redrive. A viewer's redrive is refused; an
 * operator's job sends the record again to the dispatch stream, the dispatcher routes it, and the
 * event reaches the subscriber's inbound topic with its delivery recorded; the other record is
 * discarded with the reason. Both leave the list, stay marked in `dead_letters`, and are audited.
 * A parked record is found by the exact value of any Kafka header it was read with.
 */
describe('console redrive and discard of parked Kafka records', () => {
  const run = randomUUID().slice(0, 8);
  const group = `console-kafka-dead-letters-${run}`;
  const kafka = testKafkaClient(`console-kafka-dead-letters-${run}`);
  const producer: KafkaProducer = kafka.producer();
  let inbound: KafkaConsumer | undefined;
  const inboundRecords: { eventId: string; subscriptionId: string }[] = [];
  let database: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  let url: string;
  let viewer: ConsoleClient;
  let operator: ConsoleClient;
  let bureau: OnboardedAgency;
  let psb: OnboardedAgency;
  let subscriptionId = '';
  const correlationId = `corr-kafka-dl-${run}`;
  const garbageCorrelationId = `corr-kafka-dl-garbage-${run}`;
  const agency = (id: string): (typeof TEST_AGENCIES)[number] & { contact: string } => ({
    ...(TEST_AGENCIES.find((one) => one.id === id) as (typeof TEST_AGENCIES)[number]),
    contact: 'ops@example.invalid',
  });
  const asPsb = (path: string, body?: unknown): Promise<Response> =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${psb.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
  const search = async (query: string): Promise<Item[]> => (await viewer.get(`/console/api/dead-letters?${query}`)).body['items'] as Item[];

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'console_kafka_dead_letters');
    const environment = {
      ...testHubEnvironment(database.url),
      HTTP_PORT: '0',
      HUB_ROLES: 'api,relay,dispatch,audit,console',
      DISPATCH_CONSUMER_GROUP: group,
    };
    const config = loadHubConfig(environment);
    // The broker is shared with other suites: the dispatcher's new group starts at the stream's end.
    await ensureTopics(
      kafka,
      [DISPATCH_TOPIC, agencyInboundTopic('psb-310000')].map((topic) => ({
        topic,
        partitions: config.TOPIC_PARTITIONS,
        replicationFactor: 1,
      })),
    );
    const admin = kafka.admin();
    await admin.connect();
    // A topic this suite just made has no partition leader for a moment.
    const ends = await waitUntil('the dispatch stream’s end offsets', () => admin.fetchTopicOffsets(DISPATCH_TOPIC), 30_000);
    await admin.setOffsets({
      groupId: group,
      topic: DISPATCH_TOPIC,
      partitions: ends.map((end) => ({ partition: end.partition, offset: end.high })),
    });
    await admin.disconnect();
    await producer.connect();

    app = await createHubApp(config);
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await addConsoleOperator(url, TEST_ADMIN_TOKEN, { username: 'viewer1', role: 'viewer', password: 'viewer-password-1' });
    await addConsoleOperator(url, TEST_ADMIN_TOKEN, { username: 'operator1', role: 'operator', password: 'operator-password-1' });
    viewer = await ConsoleClient.logIn(url, 'viewer1', 'viewer-password-1');
    operator = await ConsoleClient.logIn(url, 'operator1', 'operator-password-1');
    bureau = await onboardAgency(url, TEST_ADMIN_TOKEN, agency('bureau-310000'));
    psb = await onboardAgency(url, TEST_ADMIN_TOKEN, agency('psb-310000'));
    const subscribed = await asPsb('/v1/subscriptions', {
      name: `console kafka dead letters ${run}`,
      eventTypes: [{ type: 'work-permit.issued' }],
      channels: { kafka: true },
    });
    expect(subscribed.status).toBe(201);
    subscriptionId = ((await subscribed.json()) as { id: string }).id;

    inbound = kafka.consumer({ groupId: `${group}-inbound` });
    await inbound.connect();
    await inbound.subscribe({ topic: agencyInboundTopic('psb-310000'), fromBeginning: true });
    await inbound.run({
      eachMessage: ({ message }) => {
        inboundRecords.push({
          eventId: (JSON.parse(message.value?.toString('utf8') ?? '{}') as { id?: string }).id ?? '',
          subscriptionId: message.headers?.['hub-subscription-id']?.toString() ?? '',
        });
        return Promise.resolve();
      },
    });
  }, 120_000);
  afterAll(async () => {
    await inbound?.disconnect();
    await producer.disconnect();
    await app?.close();
    await database?.drop();
  }, 60_000);

  it('redrives a parked dispatch record to its topic, where the dispatcher delivers it, and discards another with the reason', async () => {
    const event = bureau.sign({ ...aWorkPermitIssuedEvent(), correlationid: correlationId }) as unknown as Record<string, unknown> & {
      id: string;
    };
    // The stream's record is the canonical event, which carries the subject the hub derives at acceptance.
    const subject = `subject-${run}`;
    await producer.send({
      topic: DISPATCH_TOPIC,
      messages: [
        {
          key: subject,
          value: JSON.stringify({ ...event, subject }),
          headers: { ce_id: event.id, ce_type: 'work-permit.issued', 'hub-correlation-id': correlationId },
        },
        { key: `garbage-${run}`, value: 'not an event', headers: { 'hub-correlation-id': garbageCorrelationId } },
      ],
    });
    const [parked] = await waitUntil(
      'the record parked as EVENT_NOT_STORED',
      async () => {
        const items = await search(`correlationId=${correlationId}`);
        return items.length > 0 ? items : undefined;
      },
      60_000,
    );
    expect(parked).toMatchObject({ source: 'kafka', eventId: event.id, lastError: expect.stringContaining('EVENT_NOT_STORED') });
    const [garbage] = await waitUntil(
      'the record parked as NOT_AN_EVENT',
      async () => {
        const items = await search(`correlationId=${garbageCorrelationId}`);
        return items.length > 0 ? items : undefined;
      },
      60_000,
    );
    expect(garbage?.lastError).toContain('NOT_AN_EVENT');

    // Stored while the subscription is paused: routing at commit gives it to no one, so only the redrive delivers it.
    expect((await asPsb(`/v1/subscriptions/${subscriptionId}/pause`)).status).toBe(200);
    const published = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bureau.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [event] }),
    });
    expect(published.status).toBe(202);
    expect((await asPsb(`/v1/subscriptions/${subscriptionId}/resume`)).status).toBe(200);
    const db = app.get(DataSource);
    const deliveries = (): Promise<{ n: number }[]> =>
      db.query('SELECT count(*)::int AS n FROM subscription_deliveries WHERE subscription_id = $1 AND event_id = $2', [
        subscriptionId,
        event.id,
      ]);
    expect(await deliveries()).toEqual([{ n: 0 }]);

    const ids = [parked?.id ?? '', garbage?.id ?? ''];
    const forbidden = await viewer.post('/console/api/dead-letters/redrive', { ids: [ids[0]] });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ code: 'ROLE_FORBIDDEN', requiredRole: 'operator' });
    expect((await viewer.post('/console/api/dead-letters/discard', { ids: [ids[1]], reason: 'not an event at all' })).status).toBe(403);

    const redrive = await operator.post('/console/api/dead-letters/redrive', { ids: [ids[0]] });
    expect(redrive.status).toBe(202);
    expect(redrive.body).toMatchObject({ total: 1 });
    const discard = await operator.post('/console/api/dead-letters/discard', { ids: [ids[1]], reason: 'not an event at all' });
    expect(discard.status).toBe(202);
    const job = async (id: unknown): Promise<Record<string, unknown>> => (await operator.get(`/console/api/jobs/${String(id)}`)).body;
    await waitUntil(
      'both jobs finished',
      async () => (await job(redrive.body['jobId']))['state'] === 'finished' && (await job(discard.body['jobId']))['state'] === 'finished',
      30_000,
    );
    expect(await job(redrive.body['jobId'])).toMatchObject({ kind: 'redrive', total: 1, done: 1, failed: 0, lastError: null });
    expect(await job(discard.body['jobId'])).toMatchObject({ kind: 'discard', total: 1, done: 1, failed: 0, lastError: null });

    await waitUntil(
      'the redriven event on the subscriber’s inbound topic',
      () => inboundRecords.some((record) => record.eventId === event.id && record.subscriptionId === subscriptionId),
      // The dispatcher's group may first wait out a member an earlier suite left on the shared broker.
      150_000,
    );
    expect(await deliveries()).toEqual([{ n: 1 }]);
    expect(await search(`correlationId=${correlationId}`)).toEqual([]);
    expect(await search(`correlationId=${garbageCorrelationId}`)).toEqual([]);
    expect((await viewer.get(`/console/api/dead-letters/${ids[0]}`)).status).toBe(404);

    const marked = await db.query<{ id: string; resolution: string; resolved_by: string; resolution_reason: string | null }[]>(
      `SELECT 'kafka-' || id AS id, resolution, resolved_by, resolution_reason FROM dead_letters WHERE 'kafka-' || id = ANY($1) ORDER BY id`,
      [ids],
    );
    expect(marked).toEqual(
      expect.arrayContaining([
        { id: ids[0], resolution: 'redriven', resolved_by: 'admin:console:operator1', resolution_reason: null },
        { id: ids[1], resolution: 'discarded', resolved_by: 'admin:console:operator1', resolution_reason: 'not an event at all' },
      ]),
    );
    const audited = await db.query<{ action: string; event_id: string | null; detail: Record<string, unknown> }[]>(
      `SELECT action, event_id::text, detail FROM audit_trail WHERE actor = 'admin:console:operator1' AND action LIKE 'kafka-dead-letter.%' ORDER BY action`,
    );
    expect(audited).toEqual([
      {
        action: 'kafka-dead-letter.discarded',
        event_id: null,
        detail: expect.objectContaining({
          deadLetterId: ids[1],
          topic: DISPATCH_TOPIC,
          errorCode: 'NOT_AN_EVENT',
          reason: 'not an event at all',
        }),
      },
      {
        action: 'kafka-dead-letter.redriven',
        event_id: event.id,
        detail: expect.objectContaining({
          deadLetterId: ids[0],
          topic: DISPATCH_TOPIC,
          errorCode: 'EVENT_NOT_STORED',
          redrivenOffset: expect.any(String),
        }),
      },
    ]);
  }, 180_000);

  it('selects no record already redriven or discarded, so none is sent twice', async () => {
    const done = await app
      .get(DataSource)
      .query<{ id: string }[]>(`SELECT 'kafka-' || id AS id FROM dead_letters WHERE resolution IS NOT NULL`);
    expect(done).toHaveLength(2);
    const again = await operator.post('/console/api/dead-letters/redrive', { ids: done.map((row) => row.id) });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ total: 0 });
  });

  it('finds a parked record by the value of any of its Kafka headers, and answers a malformed header filter 400 naming it', async () => {
    const event = bureau.sign(aWorkPermitIssuedEvent()) as unknown as Record<string, unknown> & { id: string };
    const headerCorrelationId = `corr-kafka-dl-header-${run}`;
    const traceparent = `00-${randomUUID().replaceAll('-', '')}-${'3'.repeat(16)}-01`;
    await producer.send({
      topic: DISPATCH_TOPIC,
      messages: [
        {
          key: `subject-header-${run}`,
          value: JSON.stringify({ ...event, subject: `subject-header-${run}` }),
          headers: {
            [KAFKA_HEADERS.eventId]: event.id,
            [KAFKA_HEADERS.eventType]: 'work-permit.issued',
            [KAFKA_HEADERS.correlationId]: headerCorrelationId,
            [KAFKA_HEADERS.traceparent]: traceparent,
          },
        },
      ],
    });
    const [parked] = await waitUntil(
      'the record parked as EVENT_NOT_STORED',
      async () => {
        const items = await search(`header=${KAFKA_HEADERS.correlationId}:${headerCorrelationId}`);
        return items.length > 0 ? items : undefined;
      },
      60_000,
    );
    expect(parked).toMatchObject({ source: 'kafka', eventId: event.id, correlationId: headerCorrelationId });

    const byType = await search(`header=${KAFKA_HEADERS.eventType}:work-permit.issued`);
    expect(byType.map((item) => item.id)).toContain(parked?.id);
    for (const item of byType) expect(item).toMatchObject({ source: 'kafka', eventType: 'work-permit.issued' });
    expect(await search(`header=${KAFKA_HEADERS.traceparent}:${traceparent}`)).toEqual([parked]);
    // Names are matched without regard to case and both parts without surrounding blanks.
    expect(await search(`header=${encodeURIComponent(` HUB-Correlation-ID : ${headerCorrelationId} `)}`)).toEqual([parked]);
    expect(await search(`header=${KAFKA_HEADERS.correlationId}:${headerCorrelationId}&eventType=work-permit.issued`)).toEqual([parked]);

    expect(await search(`header=${KAFKA_HEADERS.correlationId}:${headerCorrelationId}-other`)).toEqual([]);
    expect(await search(`header=${KAFKA_HEADERS.eventType}:work-permit.revoked`)).toEqual([]);
    expect(await search(`header=hub-no-such-header:${headerCorrelationId}`)).toEqual([]);

    for (const malformed of ['no-colon-at-all', ':work-permit.issued', '%20%20:work-permit.issued', 'ce_type:', 'ce_type:%20%20']) {
      const refused = await viewer.get(`/console/api/dead-letters?header=${malformed}`);
      expect({ malformed, status: refused.status, body: refused.body }).toMatchObject({
        malformed,
        status: 400,
        body: { code: 'VALIDATION_FAILED', field: 'header', message: { en: expect.stringContaining('header: must be name:value') } },
      });
    }
    const repeated = await viewer.get('/console/api/dead-letters?header=ce_type:a&header=ce_type:b');
    expect(repeated.status).toBe(400);
    expect(repeated.body).toMatchObject({ field: 'header' });
    const inBulk = await operator.post('/console/api/dead-letters/discard', { filter: { header: 'no-colon' }, reason: 'malformed filter' });
    expect(inBulk.status).toBe(400);
    expect(inBulk.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'filter.header' });
  }, 120_000);
});
