import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { INBOUND_HEADERS, KAFKA_HEADERS } from '@hub/contracts';
import { agencyInboundTopic } from '@hub/messaging';
import { createTestDatabase } from '@hub/persistence';
import {
  grantTestAgencyKafkaAccess,
  TEST_DATABASE_SERVER_URL,
  TEST_LOG_LEVELS,
  TEST_KAFKA_BROKERS,
  testKafkaClient,
  testKafkaEnvironment,
  waitUntil,
} from '@hub/testing';
import pg from 'pg';
import { loadLinkageConfig } from './config/linkage-config.js';
import { createLinkageApp } from './create-linkage-app.js';
import { LinkageClock } from './decide/linkage-clock.js';
import { aSubject, contractEvent, holderOf } from './testing/contract-events.fixture.js';

/** A stand-in for the hub's `POST /v1/events`: takes only the linkage agency's API key, records each batch, refuses events whose type it is told to. */
async function startFakeHub(): Promise<{ url: string; received: Record<string, unknown>[][]; refuse: Set<string>; server: Server }> {
  const received: Record<string, unknown>[][] = [];
  const refuse = new Set<string>();
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      if (request.headers.authorization !== 'Bearer spec-hub-api-key') {
        response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"UNAUTHENTICATED"}}');
        return;
      }
      const events = (JSON.parse(body) as { events: Record<string, unknown>[] }).events;
      received.push(events);
      const refused = events.some((event) => refuse.has(String(event['type'])));
      response.writeHead(refused ? 403 : 202, { 'content-type': 'application/json' });
      response.end(JSON.stringify(refused ? { error: { code: 'PUBLISH_REFUSED', message: 'not granted' } } : { events: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, refuse, server };
}

/**
 * The linkage service booted as it runs (Kafka consumer of `agency.linkage.inbound` as the linkage
 * agency, the outbox publisher, the overdue check, /health) on a fresh database, against the real
 * broker and a stand-in for the hub's publish endpoint.
 */
describe('linkage service application', () => {
  const topic = agencyInboundTopic('linkage');
  const kafka = testKafkaClient('linkage-app-spec');
  const holder = holderOf('Élodie Marchand', 'E12345678');
  let database: { url: string; drop: () => Promise<void> };
  let hub: Awaited<ReturnType<typeof startFakeHub>>;
  let app: INestApplication;
  let db: pg.Client;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'linkage_app');
    hub = await startFakeHub();
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] }).finally(() => admin.disconnect());
    const config = loadLinkageConfig({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
      ...testKafkaEnvironment('linkage', await grantTestAgencyKafkaAccess('linkage')),
      CONSUMER_GROUP: `agency.linkage.spec-${randomUUID()}`,
      HTTP_PORT: '0',
      HUB_URL: hub.url,
      HUB_API_KEY: 'spec-hub-api-key',
      LINKAGE_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      LINKAGE_SIGNING_KEY_ID: 'linkage-spec',
      LINKAGE_API_KEYS: `*:evaluator:${'e'.repeat(40)}`,
      PUBLISH_EVERY_MS: '200',
      LOG_LEVELS: TEST_LOG_LEVELS,
    });
    app = await createLinkageApp(config, { clock: LinkageClock.on('2026-06-16') });
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await app?.close();
    hub?.server.close();
    await database?.drop();
  });

  async function send(events: Record<string, unknown>[]): Promise<void> {
    const producer = kafka.producer();
    await producer.connect();
    await producer
      .send({
        topic,
        messages: events.map((event, i) => ({
          key: String(event['subject']),
          value: JSON.stringify(event),
          headers: {
            [KAFKA_HEADERS.eventId]: String(event['id']),
            [INBOUND_HEADERS.subscriptionId]: randomUUID(),
            [INBOUND_HEADERS.sequence]: String(i + 1),
          },
        })),
      })
      .finally(() => producer.disconnect());
  }

  it('answers /health with the day it decides on and the versions of its rule book, calendar and wages', async () => {
    const health = (await (await fetch(`${url}/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({
      status: 'ok',
      asOf: '2026-06-16',
      timeZone: 'Asia/Shanghai',
      rules: { ruleBook: '2026.1', calendar: expect.stringMatching(/@2026\.1$/) as unknown, averageWages: 'cn-average-urban-wage@2025.1' },
    });
  });

  it('links events from its inbound topic into a case and publishes the signed linkage event to the hub with its API key', async () => {
    const subject = aSubject();
    const permitNo = '310000202600009999';
    await send([
      contractEvent(
        'work-permit.issued',
        { permitNo, holder, validFrom: '2026-03-01', validTo: '2028-02-29' },
        { subject, time: '2026-02-20T10:00:00+08:00' },
      ),
      contractEvent(
        'work-permit.revoked',
        { permitNo, holder, revokedOn: '2026-06-15', reason: 'false-materials' },
        { subject, time: '2026-06-15T16:00:00+08:00' },
      ),
    ]);
    const published = await waitUntil(
      'the review published to the hub',
      () => hub.received.flat().find((event) => event['subject'] === subject),
      60_000,
    );
    expect(published).toMatchObject({
      type: 'linkage.review-required',
      agency: 'linkage',
      signature: expect.stringMatching(/^ed25519:linkage-spec:/) as unknown,
    });
    const rows = await db.query<{ state: string; due_date: string }>(
      `SELECT state, to_char(due_date, 'YYYY-MM-DD') AS due_date FROM cases WHERE subject = $1`,
      [subject],
    );
    expect(rows.rows).toEqual([{ state: 'open', due_date: '2026-06-30' }]);
    await waitUntil('the outbox row marked published', async () => {
      const outbox = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM linkage_outbox WHERE subject = $1 AND published_at IS NOT NULL',
        [subject],
      );
      return outbox.rows[0]?.n === 1;
    });
  });

  it('keeps an event the hub refuses with its problem, never sends it again, and goes on with the rest', async () => {
    hub.refuse.add('linkage.flag-changed');
    const subject = aSubject();
    await send([
      contractEvent(
        'credit.violation-recorded',
        { recordNo: 'CR-310000-2026-000777', holder, kind: 'employer-violation' },
        { subject, time: '2026-06-10T10:00:00+08:00' },
      ),
    ]);
    const refused = await waitUntil(
      'the refusal stored',
      async () => {
        const rows = await db.query<{ refused: unknown; attempts: number }>(
          'SELECT refused, attempts FROM linkage_outbox WHERE subject = $1',
          [subject],
        );
        return rows.rows[0]?.refused ? rows.rows[0] : undefined;
      },
      60_000,
    );
    expect(refused).toMatchObject({ refused: { error: { code: 'PUBLISH_REFUSED' } }, attempts: 1 });
    const sent = hub.received.length;
    const later = aSubject();
    const permitNo = '310000202600008888';
    await send([
      contractEvent(
        'work-permit.issued',
        { permitNo, holder, validFrom: '2026-03-01', validTo: '2028-02-29' },
        { subject: later, time: '2026-02-20T10:00:00+08:00' },
      ),
      contractEvent(
        'work-permit.revoked',
        { permitNo, holder, revokedOn: '2026-06-15', reason: 'false-materials' },
        { subject: later, time: '2026-06-15T16:00:00+08:00' },
      ),
    ]);
    await waitUntil('the later event published', () => hub.received.flat().some((event) => event['subject'] === later), 60_000);
    expect(
      hub.received
        .slice(sent)
        .flat()
        .filter((event) => event['subject'] === subject),
    ).toEqual([]);
  });
});
