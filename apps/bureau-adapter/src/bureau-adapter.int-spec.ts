import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { agencyOutboundTopic, agencyOutcomesTopic, BrokerAgencyKafkaAccess, ensureTopics } from '@hub/messaging';
import { generateSigningKeyPair, verifyEventSignature } from '@hub/identity';
import {
  collectingConsumer,
  scrapeMetrics,
  sumOf,
  TEST_DATABASE_SERVER_URL,
  TEST_KAFKA_BROKERS,
  testKafkaClient,
  testKafkaEnvironment,
  testKafkaSecurity,
  waitUntil,
} from '@hub/testing';
import type { INestApplication } from '@nestjs/common';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { aBureauPermit, createSyncDatabases, type SyncDatabases } from './capture/testing/bureau-sync.fixture.js';
import { loadBureauAdapterConfig } from './config/bureau-adapter-config.js';
import { createBureauAdapterApp } from './create-bureau-adapter-app.js';
import { changeEmployer, issuePermit, revokePermit } from './reference-sor/bureau-application/index.js';
import type { RefusalView } from './sync-status/read-sync-status.js';

interface OutboundEvent {
  id: string;
  type: string;
  signature: string;
  recordid: string;
  /** permitNo on a permit's events, applicationNo on an application's. */
  data: { permitNo?: string; applicationNo?: string };
}

const METRICS_TOKEN = `metrics-${randomUUID()}`;

const OPERATOR_KEY = randomBytes(24).toString('hex');

describe('bureau adapter on real Kafka and PostgreSQL', () => {
  const agencyId = `bureau-${randomInt(100_000, 999_999)}`;
  const keys = generateSigningKeyPair('ed25519');
  let dbs: SyncDatabases;
  let password: string;
  let app: INestApplication | undefined;
  let reader: Awaited<ReturnType<typeof collectingConsumer>>;
  const existing = aBureauPermit();
  const live = aBureauPermit();
  let existingId: number;
  const seen: string[] = [];

  async function startAdapter(): Promise<void> {
    const config = loadBureauAdapterConfig({
      AGENCY_ID: agencyId,
      DATABASE_URL: dbs.adapterUrl,
      BUREAU_DATABASE_URL: dbs.bureauUrl,
      KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
      ...testKafkaEnvironment(agencyId, password),
      SIGNING_KEY: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      SIGNING_KEY_ID: 'bureau-key-1',
      HTTP_PORT: '0',
      SYNC_POLL_MS: '50',
      LOG_LEVELS: 'error,fatal',
      METRICS_TOKEN,
      OPERATOR_API_KEYS: `bureau-ops:${OPERATOR_KEY}`,
    });
    app = await createBureauAdapterApp(config);
    await app.listen(0, '127.0.0.1');
  }

  const events = (): OutboundEvent[] => seen.map((value) => JSON.parse(value) as OutboundEvent);
  const url = (path: string): string => `${(app!.getHttpServer() as { address(): { port: number } }).address().port}${path}`;
  const get = async <T>(path: string): Promise<T> =>
    (await (await fetch(`http://127.0.0.1:${url(path)}`, { headers: { authorization: `Bearer ${OPERATOR_KEY}` } })).json()) as T;

  beforeAll(async () => {
    dbs = await createSyncDatabases(TEST_DATABASE_SERVER_URL);
    password = `test-${randomUUID()}`;
    const access = new BrokerAgencyKafkaAccess(testKafkaClient('bureau-access-admin'), TEST_KAFKA_BROKERS, testKafkaSecurity());
    try {
      await access.grant({ agencyId, outbound: true }, password);
    } finally {
      await access.close();
    }
    await ensureTopics(testKafkaClient('bureau-topics'), [
      { topic: agencyOutboundTopic(agencyId), partitions: 3, replicationFactor: 1 },
      { topic: agencyOutcomesTopic(agencyId), partitions: 1, replicationFactor: 1 },
    ]);
    reader = await collectingConsumer(
      'test-client',
      testKafkaSecurity().sasl.password,
      agencyOutboundTopic(agencyId),
      `hub-test-${randomUUID()}`,
      seen,
    );
  });

  afterAll(async () => {
    await app?.close();
    await reader?.disconnect();
    await dbs?.drop();
  });

  it("publishes the bureau's history and then its transactions as signed events on its outbound topic, resuming where it stopped after a restart", async () => {
    existingId = await issuePermit(dbs.bureau, existing);
    await startAdapter();
    const liveId = await issuePermit(dbs.bureau, live);
    await revokePermit(dbs.bureau, existingId, 'false-materials', '2026-03-01');
    // Each issued permit's application comes too: two permits issued, one revoked, two applications submitted.
    await waitUntil('five events on the outbound topic', () => events().length >= 5);
    // Per permit, in the order they happened (different permits are independent: their own keys and partitions).
    const typesOf = (permitNo: string): string[] =>
      events()
        .filter((e) => e.data.permitNo === permitNo)
        .map((e) => e.type);
    expect(typesOf(existing.permitNo)).toEqual(['work-permit.issued', 'work-permit.revoked']);
    expect(typesOf(live.permitNo)).toEqual(['work-permit.issued']);
    const submitted = events().filter((e) => e.type === 'work-permit.application-submitted');
    expect(submitted.map((e) => e.data.applicationNo).sort()).toEqual([existing.applicationNo, live.applicationNo].sort());
    expect(submitted.every((e) => e.recordid.startsWith('fwp.application:'))).toBe(true);
    for (const event of events()) {
      const verified = await verifyEventSignature(event, () => ({ alg: 'ed25519', publicKey: keys.publicKey, agencyId, status: 'active' }));
      expect(verified).toMatchObject({ keyId: 'bureau-key-1', agencyId });
    }

    await app!.close(); // stopped: changes committed meanwhile wait in the bureau's capture table
    app = undefined;
    await changeEmployer(dbs.bureau, liveId, { uscc: '91310115MA1H7TQK2R', nameZh: '上海浦东示例研究院有限公司', regionCode: '310000' });
    await startAdapter();
    await waitUntil('the change made while stopped on the outbound topic', () => events().length >= 6);
    // Both permits and both applications, each counted once however many versions went out.
    await waitUntil('both permits and both applications counted as published', async () => {
      const status = await get<{ publishedPermits: number; publishedApplications: number }>('/v1/sync/status');
      return status.publishedPermits === 2 && status.publishedApplications === 2;
    });
    expect(
      events()
        .slice(5)
        .map((e) => `${e.data.permitNo} ${e.type}`),
    ).toEqual([`${live.permitNo} work-permit.changed`]);
    expect(new Set(events().map((e) => e.id)).size).toBe(events().length);
  });

  it('surfaces what the hub refused (from the outcomes topic) and what the adapter would not send, with field path, rule and zh/en message', async () => {
    const badPermit = aBureauPermit({ holder: { ...aBureauPermit().holder, nationality: 'ZZZ' } });
    const bad = await issuePermit(dbs.bureau, badPermit);
    const sent = events().find((e) => e.data.permitNo === existing.permitNo && e.type === 'work-permit.issued')!;
    const other = events().find((e) => e.data.permitNo === live.permitNo)!;
    const producer = testKafkaClient('hub-outcomes').producer();
    await producer.connect();
    await producer.send({
      topic: agencyOutcomesTopic(agencyId),
      messages: [
        {
          key: sent.id,
          value: JSON.stringify({
            eventId: sent.id,
            status: 'refused',
            outboundOffset: { partition: 0, offset: '0' },
            error: {
              code: 'VALIDATION_FAILED',
              status: 422,
              message: 'The event breaks its contract: data.employer.creditCode (matches).',
              messageZh: '事件不符合契约：data.employer.creditCode（matches）。',
              issues: [
                {
                  path: 'data.employer.creditCode',
                  rule: 'matches',
                  message: 'must be an 18-character unified social credit code',
                  messageZh: '必须是 18 位统一社会信用代码',
                },
              ],
            },
            at: new Date().toISOString(),
          }),
        },
        {
          key: 'x',
          value: JSON.stringify({
            eventId: other.id,
            status: 'accepted',
            outboundOffset: { partition: 1, offset: '0' },
            at: new Date().toISOString(),
          }),
        },
      ],
    });
    await producer.disconnect();

    let refusals: RefusalView[] = [];
    await waitUntil('the three refusals at GET /v1/sync/refusals', async () => {
      refusals = (await get<{ refusals: RefusalView[] }>('/v1/sync/refusals')).refusals;
      return refusals.length >= 3;
    });
    const fromHub = refusals.find((r) => r.origin === 'hub');
    expect(fromHub).toMatchObject({
      status: 'refused',
      recordId: `fwp.permit:${existingId}`,
      eventType: 'work-permit.issued',
      eventId: sent.id,
      code: 'VALIDATION_FAILED',
      messageZh: '事件不符合契约：data.employer.creditCode（matches）。',
      issues: [expect.objectContaining({ path: 'data.employer.creditCode', rule: 'matches', messageZh: '必须是 18 位统一社会信用代码' })],
    });
    // The version the permit was first seen at: 1, or 2 when its revocation committed before the snapshot read it.
    expect([1, 2]).toContain(fromHub?.recordVersion);
    const fromAdapter = refusals.find((r) => r.origin === 'adapter' && r.recordId === `fwp.permit:${bad}`);
    expect(fromAdapter).toMatchObject({
      recordId: `fwp.permit:${bad}`,
      recordVersion: 1,
      eventType: 'work-permit.issued',
      code: 'VALIDATION_FAILED',
    });
    expect(fromAdapter?.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'data.holder.nationality' })]));
    expect(fromAdapter?.messageZh).toContain('fwp.permit:');
    expect(events().some((e) => e.data.permitNo === badPermit.permitNo)).toBe(false);
    // Its application, filed with the same holder, is refused the same way.
    const { rows } = await dbs.bureau.query<{ application_id: string }>('SELECT application_id FROM fwp.permit WHERE permit_id = $1', [
      bad,
    ]);
    expect(refusals.find((r) => r.origin === 'adapter' && r.recordId !== `fwp.permit:${bad}`)).toMatchObject({
      recordId: `fwp.application:${rows[0]?.application_id}`,
      recordVersion: 1,
      eventType: 'work-permit.application-submitted',
      code: 'VALIDATION_FAILED',
      issues: expect.arrayContaining([expect.objectContaining({ path: 'data.holder.nationality' })]),
    });
    expect(events().some((e) => e.data.applicationNo === badPermit.applicationNo)).toBe(false);

    const status = await waitUntil('both outcomes kept', async () => {
      const now = await get<{ events: Record<string, number>; refusals: number }>('/v1/sync/status');
      return now.events['accepted'] === 1 && now;
    });
    expect(status.events['refused']).toBe(1);
    expect(status.events['accepted']).toBe(1);
    expect(status.refusals).toBe(3);
  });

  it('answers /health/live and /health/ready (its store and Kafka), and /metrics only with METRICS_TOKEN, counting its HTTP requests', async () => {
    const base = `http://127.0.0.1:${url('')}`;
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, kafka: { status: 'up' } } });
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const before = sumOf(await scrapeMetrics(base, METRICS_TOKEN), 'http_server_request_duration_seconds_count', {
      http_route: '/v1/sync/status',
    });
    await get('/v1/sync/status');
    await get('/v1/sync/status');
    const after = sumOf(await scrapeMetrics(base, METRICS_TOKEN), 'http_server_request_duration_seconds_count', {
      http_route: '/v1/sync/status',
    });
    expect(after - before).toBe(2);
  });

  it('answers its API under /v1/ only with a key of OPERATOR_API_KEYS, naming the setting; health stays open', async () => {
    const base = `http://127.0.0.1:${url('')}`;
    for (const headers of [{}, { authorization: `Bearer ${randomBytes(24).toString('hex')}` }, { authorization: OPERATOR_KEY }]) {
      for (const path of ['/v1/sync/status', '/v1/sync/refusals', '/v1/reconciliations/latest', '/v1/inbound/dead-letters']) {
        const response = await fetch(`${base}${path}`, { headers });
        expect({ path, status: response.status }).toEqual({ path, status: 401 });
        const { error } = (await response.json()) as { error: { code: string; message: string; messageZh: string } };
        expect(error.code).toBe('UNAUTHENTICATED');
        expect(error.message).toContain('OPERATOR_API_KEYS');
        expect(error.messageZh).toContain('Authorization');
      }
    }
    const started = await fetch(`${base}/v1/reconciliations`, { method: 'POST' });
    expect(started.status).toBe(401);
    const redriven = await fetch(`${base}/v1/inbound/dead-letters/redrive`, { method: 'POST' });
    expect(redriven.status).toBe(401);
    const deadLetters = await fetch(`${base}/v1/inbound/dead-letters`, { headers: { authorization: `Bearer ${OPERATOR_KEY}` } });
    expect(deadLetters.status).toBe(200);
    expect(await deadLetters.json()).toEqual({ deadLetters: expect.any(Array) as unknown });
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const allowed = await fetch(`${base}/v1/sync/status`, { headers: { authorization: `Bearer ${OPERATOR_KEY}` } });
    expect(allowed.status).toBe(200);
  });
});
