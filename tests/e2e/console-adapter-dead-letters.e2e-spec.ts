import { randomInt, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { INBOUND_HEADERS, KAFKA_HEADERS } from '@hub/contracts';
import { agencyInboundTopic } from '@hub/messaging';
import { aWorkPermitIssuedEvent, testKafkaClient, waitUntil } from '@hub/testing';
import { addConsoleOperator, ConsoleClient } from '../../apps/hub/src/console/testing/console-client.js';
import { countRows, psbGroupId, startHub, startPsbAdapter, TEST_ADMIN_TOKEN, type RunningApp } from '../support/running-apps.js';

interface Item {
  id: string;
  source: string;
  adapter: string | null;
  agency: string | null;
  eventId: string | null;
  eventType: string | null;
  correlationId: string | null;
  lastError: string | null;
}
type Json = Record<string, unknown>;

const CONSOLE_KEY = `console-${randomUUID()}`;

/** A port nothing listens on: an adapter that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * An agency adapter's dead letters in the ops console: the real public-security adapter (its own
 * agency, topic and database, on the real broker) parks two records it cannot read; the hub,
 * configured with the adapter's dead-letter API and operator key in CONSOLE_ADAPTERS, lists them
 * tagged with the adapter, finds them by correlation id, event type and text, and shows a second
 * adapter that is down as unavailable beside them. A viewer may look but not act; an operator's
 * redrive of the record unfixed fails again (the job says so), once fixed it is applied by the
 * adapter, and the other is discarded with the reason, kept at the adapter; each audited in the hub.
 */
describe('console: agency adapters’ dead letters', () => {
  const agencyId = `psb-${randomInt(700_000, 799_999)}`;
  const topic = agencyInboundTopic(agencyId);
  const kafka = testKafkaClient('console-adapter-dead-letters');
  const correlationId = `corr-adapter-dl-${randomUUID()}`;
  let psb: RunningApp;
  let hub: RunningApp;
  let viewer: ConsoleClient;
  let operator: ConsoleClient;

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] }).finally(() => admin.disconnect());
    psb = await startPsbAdapter({
      groupId: psbGroupId(`console-dl-${randomUUID()}`, agencyId),
      env: { AGENCY_ID: agencyId, OPERATOR_API_KEYS: `hub-console:${CONSOLE_KEY}` },
    });
    const down = await closedPort();
    hub = await startHub({
      onboard: false,
      env: {
        HUB_ROLES: 'api,console',
        CONSOLE_ADAPTERS: `${agencyId}=${psb.url}/v1/dead-letters,bureau-310000=http://127.0.0.1:${down}/v1/inbound/dead-letters`,
        CONSOLE_ADAPTER_KEYS: `${agencyId}:${CONSOLE_KEY},bureau-310000:${CONSOLE_KEY}`,
      },
    });
    await addConsoleOperator(hub.url, TEST_ADMIN_TOKEN, { username: 'dl-viewer', role: 'viewer', password: 'viewer-password-dl' });
    await addConsoleOperator(hub.url, TEST_ADMIN_TOKEN, { username: 'dl-operator', role: 'operator', password: 'operator-password-dl' });
    viewer = await ConsoleClient.logIn(hub.url, 'dl-viewer', 'viewer-password-dl');
    operator = await ConsoleClient.logIn(hub.url, 'dl-operator', 'operator-password-dl');
  }, 120_000);
  afterAll(async () => {
    await hub?.destroy();
    await psb?.destroy();
  }, 60_000);

  const search = async (query: string): Promise<{ items: Item[]; total: number; unavailable: Json[] }> =>
    (await viewer.get(`/console/api/dead-letters?${query}`)).body as unknown as { items: Item[]; total: number; unavailable: Json[] };
  const job = async (id: unknown): Promise<Json> =>
    waitUntil(
      'the job finished',
      async () => {
        const answer = (await operator.get(`/console/api/jobs/${String(id)}`)).body;
        return answer['state'] === 'finished' && answer;
      },
      30_000,
    );

  it('lists, searches and inspects the adapter’s dead letters beside an unavailable adapter; redrives and discards them as an operator only', async () => {
    const { data, ...envelope } = aWorkPermitIssuedEvent();
    const permitNo = String((data as { permitNo: string }).permitNo);
    const event = { ...envelope, subject: `sub_${randomUUID().replace(/-/g, '')}`, correlationid: correlationId };
    const producer = kafka.producer();
    await producer.connect();
    await producer
      .send({
        topic,
        messages: [
          {
            key: event.subject,
            value: JSON.stringify({ ...event, data: { ...(data as Json), validTo: 'end of 2027' } }),
            headers: {
              [KAFKA_HEADERS.eventId]: String(envelope['id']),
              [KAFKA_HEADERS.eventType]: 'work-permit.issued',
              [KAFKA_HEADERS.correlationId]: correlationId,
              [INBOUND_HEADERS.subscriptionId]: randomUUID(),
              [INBOUND_HEADERS.sequence]: '1',
            },
          },
          { key: 'poison', value: 'not an event', headers: { [KAFKA_HEADERS.correlationId]: `${correlationId}-poison` } },
        ],
      })
      .finally(() => producer.disconnect());

    const listed = await waitUntil(
      'both records listed by the console',
      async () => {
        const page = await search(`agency=${agencyId}`);
        return page.total === 2 && page;
      },
      60_000,
    );
    expect(listed.items.every((item) => item.source === 'adapter' && item.adapter === agencyId)).toBe(true);
    expect(listed.unavailable).toEqual([
      {
        adapter: 'bureau-310000',
        error: expect.stringMatching(/^bureau-310000 cannot be reached at .*: fetch failed \(.*ECONNREFUSED.*\)$/),
      },
    ]);
    const [badDate] = (await search(`correlationId=${correlationId}`)).items;
    expect(badDate).toMatchObject({
      id: expect.stringMatching(new RegExp(`^adapter:${agencyId}:\\d+$`)),
      eventId: envelope['id'],
      eventType: 'work-permit.issued',
      lastError: expect.stringContaining('data.validTo'),
    });
    expect((await search(`eventType=work-permit.issued&agency=${agencyId}`)).items.map((item) => item.id)).toEqual([badDate?.id]);
    const [poison] = (await search(`q=${correlationId}-poison`)).items;
    expect(poison?.id).toMatch(/^adapter:/);

    const detail = await viewer.get(`/console/api/dead-letters/${encodeURIComponent(badDate?.id ?? '')}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      source: 'adapter',
      location: { topic, partition: 0, offset: '0' },
      attemptsLog: [{ status: expect.any(String), error: expect.stringContaining('data.validTo') }],
      payloadPreview: null,
    });

    for (const [path, body] of [
      ['/console/api/dead-letters/redrive', { ids: [badDate?.id] }],
      ['/console/api/dead-letters/discard', { ids: [poison?.id], reason: 'not an event at all' }],
    ] as const) {
      const refused = await viewer.post(path, body);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'ROLE_FORBIDDEN', requiredRole: 'operator' });
    }

    // Redriven unfixed, the adapter parks it again (under a new id) and the job counts it failed, saying so.
    const unfixed = await operator.post('/console/api/dead-letters/redrive', { ids: [badDate?.id] });
    expect(unfixed.status).toBe(202);
    expect(await job(unfixed.body['jobId'])).toMatchObject({
      total: 1,
      done: 0,
      failed: 1,
      lastError: expect.stringContaining('failed again'),
    });
    const [reparked] = (await search(`correlationId=${correlationId}`)).items;
    expect(reparked?.id).not.toBe(badDate?.id);

    // Fixed at the adapter (as after the sender's correction), the redrive applies it there.
    await psb.db.query(`UPDATE dead_letters SET payload = replace(payload, '"end of 2027"', '"2027-12-31"') WHERE resolution IS NULL`);
    const fixed = await operator.post('/console/api/dead-letters/redrive', { ids: [reparked?.id] });
    expect(await job(fixed.body['jobId'])).toMatchObject({ total: 1, done: 1, failed: 0 });
    expect(await countRows(psb.db, 'work_permits', 'permit_no = $1', [permitNo])).toBe(1);

    const discard = await operator.post('/console/api/dead-letters/discard', { ids: [poison?.id], reason: 'not an event at all' });
    expect(await job(discard.body['jobId'])).toMatchObject({ total: 1, done: 1, failed: 0 });
    expect((await search(`agency=${agencyId}`)).total).toBe(0);
    expect((await viewer.get(`/console/api/dead-letters/${encodeURIComponent(poison?.id ?? '')}`)).status).toBe(404);
    const { rows: kept } = await psb.db.query<{ resolved_by: string; resolution_reason: string }>(
      `SELECT resolved_by, resolution_reason FROM dead_letters WHERE resolution = 'discarded'`,
    );
    expect(kept).toEqual([{ resolved_by: 'hub-console', resolution_reason: 'not an event at all' }]);

    const { rows: audited } = await hub.db.query<{ action: string; detail: Json }>(
      `SELECT action, detail FROM audit_trail WHERE actor = 'admin:console:dl-operator' AND action LIKE 'adapter-dead-letter.%' ORDER BY seq, leaf`,
    );
    expect(audited).toEqual([
      {
        action: 'adapter-dead-letter.redriven',
        detail: expect.objectContaining({ deadLetterId: badDate?.id, adapter: agencyId, outcome: 'dead-lettered-again' }),
      },
      { action: 'adapter-dead-letter.redriven', detail: expect.objectContaining({ deadLetterId: reparked?.id, outcome: 'applied' }) },
      {
        action: 'adapter-dead-letter.discarded',
        detail: expect.objectContaining({ deadLetterId: poison?.id, reason: 'not an event at all' }),
      },
    ]);
  }, 180_000);
});
