import { execFile } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { INBOUND_HEADERS, KAFKA_HEADERS } from '@hub/contracts';
import { agencyInboundTopic } from '@hub/messaging';
import { createTestDatabase } from '@hub/persistence';
import {
  aWorkPermitIssuedEvent,
  grantTestAgencyKafkaAccess,
  parsePrometheusText,
  scrapeMetrics,
  sumOf,
  TEST_DATABASE_SERVER_URL,
  testKafkaClient,
  testPsbAdapterEnvironment,
  waitUntil,
} from '@hub/testing';
import pg from 'pg';
import { loadPsbAdapterConfig } from './config/psb-adapter-config.js';
import { createPsbAdapterApp } from './create-psb-adapter-app.js';

const METRICS_TOKEN = `metrics-${randomUUID()}-${randomUUID()}`;

/**
 * The adapter's telemetry on the real broker and database, as its own fresh agency (no other suite
 * writes its topic): `/metrics` counts what it consumed, recorded and dead-lettered by the right
 * amounts and answers only with METRICS_TOKEN (checked with curl, from outside the process);
 * `/health/ready` goes 503 while its database refuses connections and 200 once it takes them again.
 */
describe('public-security adapter telemetry', () => {
  const agencyId = `psb-${randomInt(700_000, 799_999)}`;
  const topic = agencyInboundTopic(agencyId);
  const groupId = `agency.${agencyId}.telemetry-${randomUUID()}`;
  const kafka = testKafkaClient('psb-telemetry-spec');
  let database: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'psb_telemetry');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] }).finally(() => admin.disconnect());
    const env = testPsbAdapterEnvironment({
      databaseUrl: database.url,
      agencyId,
      kafkaPassword: await grantTestAgencyKafkaAccess(agencyId),
      groupId,
    });
    app = await createPsbAdapterApp(loadPsbAdapterConfig({ ...env, METRICS_TOKEN }));
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  /** A permit event as the hub delivers it to public security: projected, with its subscription's sequence. */
  function delivery(subscriptionId: string, sequence: number): { key: string; value: string; headers: Record<string, string> } {
    const { data, ...envelope } = aWorkPermitIssuedEvent();
    const { permitNo, permitClass, holder, validFrom, validTo } = data as Record<string, unknown>;
    const subject = `sub_${randomUUID().replace(/-/g, '')}`;
    const event = {
      ...envelope,
      subject,
      correlationid: `psb-telemetry-${randomUUID()}`,
      data: { permitNo, permitClass, holder, validFrom, validTo },
    };
    return {
      key: subject,
      value: JSON.stringify(event),
      headers: {
        [KAFKA_HEADERS.eventId]: String(envelope['id']),
        [INBOUND_HEADERS.subscriptionId]: subscriptionId,
        [INBOUND_HEADERS.sequence]: String(sequence),
      },
    };
  }

  it('counts consumed, recorded and dead-lettered records by the right amounts', async () => {
    const before = await scrapeMetrics(url, METRICS_TOKEN);
    expect(sumOf(before, 'agency_adapter_records_total')).toBe(0);
    const subscriptionId = randomUUID();
    const producer = kafka.producer();
    await producer.connect();
    await producer
      .send({
        topic,
        messages: [delivery(subscriptionId, 1), delivery(subscriptionId, 2), { key: 'poison', value: 'not an event', headers: {} }],
      })
      .finally(() => producer.disconnect());

    const consumer = { messaging_destination_name: topic, messaging_consumer_group_name: groupId };
    // Records are counted as each is handled, the consumer's figures once its batch has ended: wait for both.
    const after = await waitUntil(
      'three records handled and their batches ended',
      async () => {
        const samples = await scrapeMetrics(url, METRICS_TOKEN);
        const handled = sumOf(samples, 'agency_adapter_records_total');
        const consumed = sumOf(samples, 'messaging_client_consumed_messages_total', consumer);
        return handled >= 3 && consumed >= 3 && samples;
      },
      60_000,
    );
    expect(sumOf(after, 'agency_adapter_records_total')).toBe(3);
    expect(sumOf(after, 'agency_adapter_records_total', { outcome: 'applied' })).toBe(2);
    expect(sumOf(after, 'agency_adapter_records_total', { outcome: 'dead_lettered' })).toBe(1);
    expect(sumOf(after, 'messaging_client_consumed_messages_total', consumer)).toBe(3);
    expect(sumOf(after, 'messaging_process_duration_seconds_count', consumer)).toBeGreaterThanOrEqual(1);
    expect(sumOf(after, 'kafka_consumer_group_lag', consumer)).toBe(0);
    expect(sumOf(after, 'kafka_consumer_group_lag_seconds', consumer)).toBe(0);
    // Read from its dead_letters table when scraped (served from a cache of a few seconds): exactly the poison record.
    const deadLetters = await waitUntil('the dead letter in the gauge', async () => {
      const series = (await scrapeMetrics(url, METRICS_TOKEN)).filter((sample) => sample.name === 'agency_adapter_dead_letters');
      return series.length > 0 && series;
    });
    expect(deadLetters.map((sample) => [sample.labels['error_code'], sample.value])).toEqual([[expect.any(String), 1]]);
    const rows = await withDatabase(database.url, (db) => db.query<{ n: number }>('SELECT count(*)::int AS n FROM work_permits'));
    expect(rows.rows[0]?.n).toBe(2);
    // Every series carries the app label, and the process metrics are there.
    expect(after.every((sample) => sample.labels['app'] === 'psb-adapter')).toBe(true);
    expect(sumOf(after, 'nodejs_version_info')).toBe(1);
  });

  it('times HTTP requests by route template, never by the raw path', async () => {
    await fetch(`${url}/v1/work-permits/999999999999999999`);
    const samples = await scrapeMetrics(url, METRICS_TOKEN);
    const routes = samples.filter((sample) => sample.name === 'http_server_request_duration_seconds_count');
    expect(routes).toContainEqual(
      expect.objectContaining({
        labels: expect.objectContaining({
          http_route: '/v1/work-permits/:permitNo',
          http_request_method: 'GET',
          http_response_status_code: '401',
        }),
        value: 1,
      }),
    );
    expect(JSON.stringify(routes)).not.toContain('999999999999999999');
  });

  it('answers /metrics from outside only with METRICS_TOKEN', async () => {
    const curl = (...args: string[]): Promise<string> =>
      promisify(execFile)('curl', ['-s', '-w', '\n%{http_code}', ...args, `${url}/metrics`]).then((out) => out.stdout);
    const refused = await curl();
    expect(refused.split('\n').at(-1)).toBe('401');
    expect(JSON.parse(refused.split('\n')[0] ?? '')).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await curl('-H', 'Authorization: Bearer wrong-token-of-the-wrong-length')).split('\n').at(-1)).toBe('401');
    const served = await curl('-H', `Authorization: Bearer ${METRICS_TOKEN}`);
    expect(served.split('\n').at(-1)).toBe('200');
    expect(sumOf(parsePrometheusText(served.slice(0, served.lastIndexOf('\n'))), 'agency_adapter_records_total')).toBe(3);
  });

  it('is live throughout, and ready only while its database takes connections', async () => {
    const ready = (): Promise<{ status: number; body: Record<string, unknown> }> =>
      fetch(`${url}/health/ready`).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as Record<string, unknown>,
      }));
    expect(await ready()).toMatchObject({
      status: 200,
      body: { status: 'ok', details: { database: { status: 'up' }, kafka: { status: 'up' } } },
    });

    const name = new URL(database.url).pathname.slice(1);
    await withDatabase(TEST_DATABASE_SERVER_URL, async (db) => {
      await db.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await db.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    });
    try {
      const down = await waitUntil('not ready', async () => {
        const answer = await ready();
        return answer.status === 503 && answer;
      });
      expect(down.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } }, details: { kafka: { status: 'up' } } });
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
    } finally {
      await withDatabase(TEST_DATABASE_SERVER_URL, (db) => db.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`));
    }
    await waitUntil('ready again', async () => (await ready()).status === 200);
  });
});

async function withDatabase<T>(url: string, use: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    return await use(db);
  } finally {
    await db.end();
  }
}
