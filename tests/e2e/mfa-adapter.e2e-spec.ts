import { execFile } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { subscriptionOf } from '@hub/agency-kit';
import { INBOUND_HEADERS, KAFKA_HEADERS } from '@hub/contracts';
import { repoRoot, startNodeService, type NodeService } from '@hub/devstack';
import { agencyInboundTopic } from '@hub/messaging';
import { createTestDatabase } from '@hub/persistence';
import {
  canLogIn,
  ensureSubscription,
  TEST_DATABASE_SERVER_URL,
  TEST_KAFKA_BROKERS,
  testKafkaClient,
  testKafkaEnvironment,
  testSigningKey,
  waitUntil,
} from '@hub/testing';
import pg from 'pg';
import { MFA_ADAPTER } from '../../apps/mfa-adapter/src/mfa-adapter.definition.js';
import { freePort, startHubProcess, type HubProcess } from '../support/hub-process.js';
import { aPerson, anEvent } from '../support/linkage-scene.js';
import { forgetInboundHistory, forgetOutboundHistory } from '../support/outbound-history.js';
import { adminCall, apiKeyOf, onboardTestAgencies, publish } from '../support/running-apps.js';

const MFA = 'mfa';
const BUREAU = 'bureau-310000';
const OPERATOR_KEY = `consular-${randomUUID()}`;
type Json = Record<string, unknown>;

/**
 * Foreign affairs' adapter, made of the agency kit and one file of mappings, as a built process
 * through the real hub and Kafka: onboarded and subscribed with its own key, it records the
 * bureau's work-permit notices in its own tables in delivery order and acknowledges each at the hub;
 * a record it cannot read is dead-lettered naming the field, and applied once fixed and redriven (over
 * the operator API, and listed by its CLI); a visa its post issues goes back as a signed
 * `visa.issued` event the hub accepts.
 */
describe("foreign affairs' adapter from the agency kit", () => {
  const logDir = join(repoRoot(), '.cache/test/logs');
  const run = randomUUID().slice(0, 8);
  let hubDatabase: { url: string; drop(): Promise<void> };
  let adapterDatabase: { url: string; drop(): Promise<void> };
  let hubDb: pg.Client;
  let db: pg.Client;
  let hub: HubProcess | undefined;
  let adapter: NodeService | undefined;
  let adapterUrl: string;
  let subscriptionId: string;

  beforeAll(async () => {
    hubDatabase = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'mfaadapterhub');
    adapterDatabase = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'mfa_adapter');
    hubDb = new pg.Client({ connectionString: hubDatabase.url });
    db = new pg.Client({ connectionString: adapterDatabase.url });
    await hubDb.connect();
    await db.connect();
    hub = await startHubProcess({
      databaseUrl: hubDatabase.url,
      port: await freePort(),
      logFile: join(logDir, `mfa-adapter-hub-${run}.log`),
    });
    await onboardTestAgencies(hub.url);
    await forgetOutboundHistory(MFA);
    await forgetInboundHistory(MFA);
    const granted = await adminCall(hub.url, 'POST', `/v1/admin/agencies/${MFA}/kafka-credentials`, { kafkaPublishing: true });
    const password = String(granted['password']);
    await waitUntil(`${MFA} logs in with its new password`, () => canLogIn(MFA, password), 30_000);
    subscriptionId = (await ensureSubscription(hub.url, apiKeyOf(hub.url, MFA), subscriptionOf(MFA_ADAPTER))).id;

    const port = await freePort();
    adapterUrl = `http://127.0.0.1:${port}`;
    adapter = startNodeService(
      'mfa-adapter',
      join(repoRoot(), 'dist/apps/mfa-adapter/src/main.js'),
      {
        DATABASE_URL: adapterDatabase.url,
        KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
        ...testKafkaEnvironment(MFA, password),
        CONSUMER_GROUP: `agency.${MFA}.mfa-adapter-${run}`,
        HUB_URL: hub.url,
        HUB_API_KEY: apiKeyOf(hub.url, MFA),
        SIGNING_KEY: testSigningKey(MFA).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        SIGNING_KEY_ID: testSigningKey(MFA).keyId,
        OPERATOR_API_KEYS: `consular-desk:${OPERATOR_KEY}`,
        SEQUENCE_GAP_GRACE_MS: '600000',
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(port),
      },
      join(logDir, `mfa-adapter-${run}.log`),
    );
    await waitUntil(
      'the adapter answers /health/ready',
      () =>
        fetch(`${adapterUrl}/health/ready`).then(
          (response) => response.ok,
          () => false,
        ),
      120_000,
    );
  }, 300_000);

  afterAll(async () => {
    await adapter?.stop();
    await hub?.service.stop();
    await hubDb?.end();
    await db?.end();
    await adapterDatabase?.drop();
    await hubDatabase?.drop();
  }, 60_000);

  function aNotice(noticeNo: string, holder: Json, time: string): Json {
    return anEvent(
      'work-permit.notice-issued',
      1,
      {
        noticeNo,
        holder,
        position: 'Senior process engineer',
        permitClass: 'B',
        visaCategory: 'Z',
        issuedOn: '2026-02-10',
        validUntil: '2026-08-09',
      },
      time,
    );
  }

  async function call(method: string, path: string, body?: unknown, key: string | null = OPERATOR_KEY): Promise<Response> {
    return fetch(`${adapterUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  const noticeNo = (): string => `N310000${randomInt(100_000_000, 999_999_999)}`;
  const person = aPerson('Élodie Marchand');
  const [first, second, other] = [noticeNo(), noticeNo(), noticeNo()];

  it('records the notices delivered to it, in order, and acknowledges each at the hub', async () => {
    const events = [
      aNotice(first, person, '2026-02-10T09:00:00+08:00'),
      aNotice(other, aPerson('Kenji Watanabe', '1990-07-01', 'JPN'), '2026-02-10T09:10:00+08:00'),
      aNotice(second, person, '2026-02-11T09:00:00+08:00'),
    ];
    for (const event of events) expect((await publish(hub!.url, event, {}, { as: BUREAU })).status).toBe(202);

    await waitUntil(
      'the three notices in foreign affairs’ tables',
      async () => (await db.query('SELECT 1 FROM work_permit_notices WHERE notice_no = ANY($1)', [[first, second, other]])).rowCount === 3,
      180_000,
    );
    const { rows: applicant } = await db.query('SELECT latest_notice_no, notices FROM visa_applicants WHERE passport_no = $1', [
      person['passportNo'],
    ]);
    expect(applicant).toEqual([{ latest_notice_no: second, notices: 2 }]);
    const { rows: sequences } = await db.query('SELECT through::int, gap_expected FROM subscription_sequences WHERE subscription_id = $1', [
      subscriptionId,
    ]);
    expect(sequences).toEqual([{ through: 3, gap_expected: null }]);
    const { rows: inbox } = await db.query<{ event_id: string }>(
      'SELECT event_id FROM inbox WHERE subscription_id = $1 ORDER BY sequence',
      [subscriptionId],
    );
    expect(inbox.map((row) => row.event_id)).toEqual(events.map((event) => event['id']));
    await waitUntil(
      'receipts for all three at the hub',
      async () =>
        (
          await hubDb.query(
            'SELECT 1 FROM subscription_deliveries WHERE subscription_id = $1 AND event_id = ANY($2) AND acknowledged_at IS NOT NULL',
            [subscriptionId, events.map((event) => event['id'])],
          )
        ).rowCount === 3,
      60_000,
    );
  });

  it('dead-letters a record it cannot read naming the field, and applies it once fixed and redriven', async () => {
    const poisonNo = noticeNo();
    const poison: Json = {
      ...aNotice(poisonNo, aPerson('Ana Souza', '1992-03-04', 'BRA'), '2026-02-12T09:00:00+08:00'),
      subject: `sub_${'a'.repeat(32)}`,
    };
    poison['data'] = { ...(poison['data'] as Json), validUntil: 'end of August' };
    const producer = testKafkaClient('mfa-adapter-poison').producer();
    await producer.connect();
    await producer
      .send({
        topic: agencyInboundTopic(MFA),
        messages: [
          {
            key: String(poison['subject']),
            value: JSON.stringify(poison),
            headers: {
              [KAFKA_HEADERS.eventId]: String(poison['id']),
              [INBOUND_HEADERS.subscriptionId]: randomUUID(),
              [INBOUND_HEADERS.sequence]: '1',
            },
          },
        ],
      })
      .finally(() => producer.disconnect());

    expect((await call('GET', '/v1/dead-letters', undefined, null)).status).toBe(401);
    const listed = async (): Promise<{ id: number; errorCode: string; errorMessage: string }[]> =>
      ((await (await call('GET', '/v1/dead-letters')).json()) as { deadLetters: { id: number; errorCode: string; errorMessage: string }[] })
        .deadLetters;
    const [parked] = await waitUntil('the poison record parked', async () => {
      const letters = await listed();
      return letters.length === 1 && letters;
    });
    expect(parked).toMatchObject({
      errorCode: 'INVALID_RECORD',
      errorMessage: expect.stringContaining('data.validUntil (isCalendarDate)') as unknown,
    });

    const again = await call('POST', '/v1/dead-letters/redrive', { ids: [parked!.id] });
    expect(await again.json()).toEqual({ redriven: 1, recovered: 0, deadLetteredAgain: 1 });
    await db.query(`UPDATE dead_letters SET payload = replace(payload, '"end of August"', '"2026-08-31"') WHERE resolution IS NULL`);
    const [reparked] = await listed();
    const fixed = await call('POST', '/v1/dead-letters/redrive', { ids: [reparked!.id] });
    expect(await fixed.json()).toEqual({ redriven: 1, recovered: 1, deadLetteredAgain: 0 });
    const { rows } = await db.query(
      `SELECT to_char(valid_until, 'YYYY-MM-DD') AS valid_until FROM work_permit_notices WHERE notice_no = $1`,
      [poisonNo],
    );
    expect(rows).toEqual([{ valid_until: '2026-08-31' }]);

    // The adapter's CLI reads the same dead letters (none held now).
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(repoRoot(), 'dist/apps/mfa-adapter/src/cli.js'), 'dead-letters', '--json'],
      {
        env: { ...process.env, DATABASE_URL: adapterDatabase.url },
      },
    );
    expect(JSON.parse(stdout)).toEqual({ deadLetters: [] });
  });

  it('publishes a visa issued on a notice as a signed visa.issued the hub accepts', async () => {
    const visa = {
      noticeNo: second,
      visaNo: `V${randomInt(10_000_000, 99_999_999)}`,
      entries: 'single',
      issuedOn: '2026-02-20',
      validFrom: '2026-02-20',
      validTo: '2026-05-19',
      durationOfStayDays: 0,
      issuingPost: { kind: 'embassy', name: 'Embassy of the PRC in France', country: 'FRA' },
    };
    expect((await call('POST', '/v1/visas', visa, null)).status).toBe(401);
    const bad = await call('POST', '/v1/visas', { ...visa, validTo: '19 May', durationOfStayDays: 365 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: {
        code: 'VALIDATION_FAILED',
        issues: [
          expect.objectContaining({ path: 'validTo', rule: 'isCalendarDate' }),
          expect.objectContaining({ path: 'durationOfStayDays', rule: 'isInt 0..180' }),
        ],
      },
    });
    expect((await call('POST', '/v1/visas', { ...visa, noticeNo: 'N0000000000' })).status).toBe(404);

    const issued = await call('POST', '/v1/visas', visa);
    expect(issued.status).toBe(202);
    const { eventId } = (await issued.json()) as { eventId: string };
    expect((await call('POST', '/v1/visas', { ...visa, visaNo: 'V1' })).status).toBe(409);

    const stored = await waitUntil(
      'the visa stored at the hub',
      async () =>
        (
          await hubDb.query<{ agency: string; type: string; signature: string; notice: string }>(
            `SELECT agency, type, envelope->>'signature' AS signature, envelope->'data'->>'basedOnNotice' AS notice FROM events WHERE id = $1`,
            [eventId],
          )
        ).rows[0],
      120_000,
    );
    expect(stored).toEqual({
      agency: MFA,
      type: 'visa.issued',
      signature: expect.stringMatching(/^ed25519:mfa-test-k1:/) as unknown,
      notice: second,
    });
    // The hub's answer reaches the adapter on the agency's outcomes topic and is kept beside the event.
    const kept = await waitUntil(
      "the hub's answer kept by the adapter",
      async () =>
        (
          await db.query<{ decided_by: string; published: boolean; outcome: string | null }>(
            'SELECT decided_by, published_at IS NOT NULL AS published, outcome FROM outbound_events WHERE event_id = $1 AND outcome IS NOT NULL',
            [eventId],
          )
        ).rows[0],
      60_000,
    );
    expect(kept).toEqual({ decided_by: 'consular-desk', published: true, outcome: 'accepted' });
    const metrics = await (await fetch(`${adapterUrl}/metrics`)).text();
    expect(metrics).toMatch(/agency_adapter_records_total\{[^}]*outcome="applied"[^}]*\} [3-9]/);
  });
});
