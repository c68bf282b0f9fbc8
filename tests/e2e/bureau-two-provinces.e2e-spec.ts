import { randomInt, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot, startNodeService, type NodeService } from '@hub/devstack';
import { agencyOutboundTopic } from '@hub/messaging';
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
import kafkajs from 'kafkajs';
import pg from 'pg';
import {
  aBureauPermit,
  createSyncDatabases,
  type SyncDatabases,
} from '../../apps/bureau-adapter/src/capture/testing/bureau-sync.fixture.js';
import { bureauInboundSubscription } from '../../apps/bureau-adapter/src/inbound/bureau-subscription.js';
import { issuePermit, type IssuePermit } from '../../apps/bureau-adapter/src/reference-sor/bureau-application/index.js';
import { freePort, startHubProcess, type HubProcess } from '../support/hub-process.js';
import { anEvent } from '../support/linkage-scene.js';
import { forgetInboundHistory, forgetOutboundHistory } from '../support/outbound-history.js';
import { adminCall, apiKeyOf, onboardTestAgencies, publish } from '../support/running-apps.js';
import { TEST_OPERATOR_API_KEYS } from '../../apps/bureau-adapter/src/capture/testing/operator-key.js';

const SHANGHAI = 'bureau-310000';
const BEIJING = 'bureau-110000';
const PSB = 'psb-310000';
const pem = (agency: string): string => testSigningKey(agency).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** One province's bureau as `npm start` runs it: its own system of record and store, Kafka user, key and adapter. */
interface Province {
  readonly agency: string;
  readonly dbs: SyncDatabases;
  readonly password: string;
  readonly subscriptionId: string;
  readonly adapter: NodeService;
}

/** A permit as Beijing's bureau issues it: a Beijing number, employer and place of work. */
function aBeijingPermit(): IssuePermit {
  const n = String(randomInt(1_000_000, 9_999_999));
  return aBureauPermit({
    permitNo: `11000020260${n}`,
    applicationNo: `SQ110000${n}`,
    employer: { uscc: '91110105MA01ABCD2X', nameZh: '北京示例科技有限公司', regionCode: '110000' },
    workRegion: '110105',
  });
}

/** The error and its `cause`s: kafkajs wraps a non-retriable protocol error once. */
function protocolErrorType(error: unknown): string | undefined {
  for (let current = error, depth = 0; current !== undefined && depth < 10; current = (current as { cause?: unknown }).cause, depth += 1)
    if (current instanceof kafkajs.KafkaJSProtocolError) return current.type;
  return undefined;
}

/**
 * Two provinces' bureaus at once through the real hub (built hub and built adapters, each a child
 * process), as `npm start` runs them: Shanghai's and Beijing's adapters on their own databases,
 * keys and SCRAM users. Each bureau's permit reaches the hub under its own agency; what the hub
 * sends back of one province reaches only that province's bureau; neither bureau's Kafka user can
 * write the other's outbound topic.
 */
describe('two provincial bureaus syncing through one hub', () => {
  const logDir = join(repoRoot(), '.cache/test/logs');
  const run = randomUUID().slice(0, 8);
  let hubDatabase: { url: string; drop(): Promise<void> };
  let hubDb: pg.Client;
  let hub: HubProcess | undefined;
  const provinces = new Map<string, Province>();
  const province = (agency: string): Province => provinces.get(agency)!;

  /** A new Kafka password with publishing granted, once the broker takes it. */
  async function grantPublishing(agency: string): Promise<string> {
    const granted = await adminCall(hub!.url, 'POST', `/v1/admin/agencies/${agency}/kafka-credentials`, { kafkaPublishing: true });
    const password = String(granted['password']);
    await waitUntil(`${agency} logs in with its new password`, () => canLogIn(agency, password), 30_000);
    return password;
  }

  async function startBureau(agency: string): Promise<Province> {
    const password = await grantPublishing(agency);
    const subscriptionId = (await ensureSubscription(hub!.url, apiKeyOf(hub!.url, agency), bureauInboundSubscription(agency))).id;
    const dbs = await createSyncDatabases(TEST_DATABASE_SERVER_URL);
    const port = await freePort();
    const adapter = startNodeService(
      agency,
      join(repoRoot(), 'dist/apps/bureau-adapter/src/main.js'),
      {
        AGENCY_ID: agency,
        DATABASE_URL: dbs.adapterUrl,
        BUREAU_DATABASE_URL: dbs.bureauUrl,
        KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
        ...testKafkaEnvironment(agency, password),
        SIGNING_KEY: pem(agency),
        SIGNING_KEY_ID: testSigningKey(agency).keyId,
        HUB_URL: hub!.url,
        HUB_API_KEY: apiKeyOf(hub!.url, agency),
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(port),
        OPERATOR_API_KEYS: TEST_OPERATOR_API_KEYS,
        SYNC_POLL_MS: '50',
        OUTCOMES_GROUP: `agency.${agency}.two-provinces-outcomes-${run}`,
        INBOUND_GROUP: `agency.${agency}.two-provinces-${run}`,
        SEQUENCE_GAP_GRACE_MS: '600000',
      },
      join(logDir, `bureau-two-provinces-${agency}-${run}.log`),
    );
    const started = { agency, dbs, password, subscriptionId, adapter };
    provinces.set(agency, started);
    await waitUntil(`${agency}'s adapter answers /health`, () =>
      fetch(`http://127.0.0.1:${port}/health`).then(
        (response) => response.ok,
        () => false,
      ),
    );
    return started;
  }

  /** The agency the hub stored a bureau's permit row under, with its permit number and signature, for each agency that sent it. */
  async function storedAtHub(permitNo: string): Promise<{ agency: string; type: string; signed: boolean }[]> {
    const { rows } = await hubDb.query<{ agency: string; type: string; signed: boolean }>(
      `SELECT agency, type, envelope->>'signature' IS NOT NULL AS signed FROM events WHERE envelope#>>'{data,permitNo}' = $1 ORDER BY agency`,
      [permitNo],
    );
    return rows;
  }

  /** What a bureau's database holds of other agencies' decisions about `passportNo` (residence permits and visas). */
  async function receivedBy(agency: string, passportNo: string): Promise<string[]> {
    const { rows } = await province(agency).dbs.bureau.query<{ what: string }>(
      `SELECT 'residence ' || permit_no AS what FROM hub_inbound.residence_permit WHERE passport_no = $1
        UNION ALL SELECT 'visa ' || visa_key FROM hub_inbound.visa WHERE passport_no = $1 ORDER BY 1`,
      [passportNo],
    );
    return rows.map((row) => row.what);
  }

  beforeAll(async () => {
    hubDatabase = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'bureautwo');
    hubDb = new pg.Client({ connectionString: hubDatabase.url });
    await hubDb.connect();
    hub = await startHubProcess({
      databaseUrl: hubDatabase.url,
      port: await freePort(),
      logFile: join(logDir, `bureau-two-provinces-hub-${run}.log`),
    });
    await onboardTestAgencies(hub.url);
    for (const agency of [SHANGHAI, BEIJING]) {
      await forgetOutboundHistory(agency);
      await forgetInboundHistory(agency);
    }
    await startBureau(SHANGHAI);
    await startBureau(BEIJING);
  }, 300_000);

  afterAll(async () => {
    for (const { adapter } of provinces.values()) await adapter.stop();
    await hub?.service.stop();
    await hubDb?.end();
    for (const { dbs } of provinces.values()) await dbs.drop();
    await hubDatabase?.drop();
  }, 60_000);

  it('runs each bureau on its own system of record, Kafka user and adapter store', () => {
    const [shanghai, beijing] = [province(SHANGHAI), province(BEIJING)];
    expect(shanghai.dbs.bureauUrl).not.toBe(beijing.dbs.bureauUrl);
    expect(shanghai.dbs.adapterUrl).not.toBe(beijing.dbs.adapterUrl);
    expect(shanghai.password).not.toBe(beijing.password);
    expect(shanghai.subscriptionId).not.toBe(beijing.subscriptionId);
  });

  it("stores each bureau's permit at the hub under its own agency, signed", async () => {
    const shanghaiPermit = aBureauPermit();
    const beijingPermit = aBeijingPermit();
    const shanghaiId = await issuePermit(province(SHANGHAI).dbs.bureau, shanghaiPermit);
    const beijingId = await issuePermit(province(BEIJING).dbs.bureau, beijingPermit);
    // Each bureau numbers its rows from 1: the same record id, told apart by the agency that sent it.
    expect(shanghaiId).toBe(beijingId);

    await waitUntil(
      'both permits at the hub',
      async () => (await storedAtHub(shanghaiPermit.permitNo)).length === 1 && (await storedAtHub(beijingPermit.permitNo)).length === 1,
      150_000,
    );
    expect(await storedAtHub(shanghaiPermit.permitNo)).toEqual([{ agency: SHANGHAI, type: 'work-permit.issued', signed: true }]);
    expect(await storedAtHub(beijingPermit.permitNo)).toEqual([{ agency: BEIJING, type: 'work-permit.issued', signed: true }]);
    const { rows } = await hubDb.query<{ agency: string; region: string; record_id: string }>(
      `SELECT agency, envelope->>'region' AS region, envelope->>'recordid' AS record_id FROM events
        WHERE envelope#>>'{data,permitNo}' = ANY($1) ORDER BY agency`,
      [[shanghaiPermit.permitNo, beijingPermit.permitNo]],
    );
    expect(rows).toEqual([
      { agency: BEIJING, region: '110105', record_id: `fwp.permit:${beijingId}` },
      { agency: SHANGHAI, region: '310115', record_id: `fwp.permit:${shanghaiId}` },
    ]);
  }, 240_000);

  it("delivers what the hub sends back of one province to that province's bureau database only", async () => {
    const shanghaiHolder = {
      passportNo: `E${randomInt(10_000_000, 99_999_999)}`,
      nationality: 'FRA',
      birthDate: '1988-04-12',
      name: 'Amélie Durand',
    };
    const beijingHolder = {
      passportNo: `E${randomInt(10_000_000, 99_999_999)}`,
      nationality: 'DEU',
      birthDate: '1990-02-03',
      name: 'Lena Schmidt',
    };
    // Public security of Shanghai decides a residence permit there; the consular service issues a visa for work in Beijing.
    const residence = anEvent(
      'residence-permit.issued',
      1,
      {
        permitNo: `R31000026${randomInt(1_000_000, 9_999_999)}`,
        holder: shanghaiHolder,
        issuedOn: '2026-02-01',
        validFrom: '2026-02-01',
        validTo: '2027-12-31',
      },
      '2026-02-01T10:00:00+08:00',
      '310115',
    );
    const visaNo = `V${randomInt(10_000_000, 99_999_999)}`;
    const visa = anEvent(
      'visa.issued',
      1,
      { visaNo, holder: beijingHolder, category: 'Z', issuedOn: '2026-01-20', validFrom: '2026-01-20', validTo: '2026-04-19' },
      '2026-01-20T09:30:00+08:00',
      '110105',
    );
    expect((await publish(hub!.url, residence, {}, { as: PSB })).status).toBe(202);
    expect((await publish(hub!.url, visa, {}, { as: 'mfa' })).status).toBe(202);

    await waitUntil(
      "each decision in its province's bureau database",
      async () =>
        (await receivedBy(SHANGHAI, shanghaiHolder.passportNo)).length === 1 &&
        (await receivedBy(BEIJING, beijingHolder.passportNo)).length === 1,
      180_000,
    );
    expect(await receivedBy(SHANGHAI, shanghaiHolder.passportNo)).toEqual([
      `residence ${String((residence['data'] as { permitNo: string }).permitNo)}`,
    ]);
    expect(await receivedBy(BEIJING, beijingHolder.passportNo)).toEqual([`visa ${visaNo}`]);
    expect(await receivedBy(BEIJING, shanghaiHolder.passportNo)).toEqual([]);
    expect(await receivedBy(SHANGHAI, beijingHolder.passportNo)).toEqual([]);

    // The hub routed each event to the one subscription of its province, and each bureau acknowledged its own.
    const deliveredTo = async (eventId: unknown): Promise<{ subscription_id: string; acknowledged: boolean }[]> =>
      (
        await hubDb.query<{ subscription_id: string; acknowledged: boolean }>(
          `SELECT subscription_id::text, acknowledged_at IS NOT NULL AS acknowledged FROM subscription_deliveries
            WHERE event_id = $1 AND subscription_id = ANY($2)`,
          [eventId, [province(SHANGHAI).subscriptionId, province(BEIJING).subscriptionId]],
        )
      ).rows;
    await waitUntil(
      'both receipts at the hub',
      async () => {
        const acknowledged = async (eventId: unknown): Promise<boolean> => {
          const deliveries = await deliveredTo(eventId);
          return deliveries.length > 0 && deliveries.every((d) => d.acknowledged);
        };
        return (await acknowledged(residence['id'])) && (await acknowledged(visa['id']));
      },
      60_000,
    );
    expect(await deliveredTo(residence['id'])).toEqual([{ subscription_id: province(SHANGHAI).subscriptionId, acknowledged: true }]);
    expect(await deliveredTo(visa['id'])).toEqual([{ subscription_id: province(BEIJING).subscriptionId, acknowledged: true }]);
  }, 300_000);

  it("refuses one bureau's Kafka user writing the other's outbound topic", async () => {
    const admin = testKafkaClient(`two-provinces-admin-${run}`).admin();
    await admin.connect();
    try {
      for (const [writer, victim] of [
        [BEIJING, SHANGHAI],
        [SHANGHAI, BEIJING],
      ] as const) {
        const topic = agencyOutboundTopic(victim);
        const before = await admin.fetchTopicOffsets(topic);
        const producer = testKafkaClient(`${writer}-forger-${run}`, {
          user: writer,
          password: province(writer).password,
          retry: { retries: 0 },
        }).producer();
        await producer.connect();
        let refusal: unknown;
        try {
          await producer.send({ topic, acks: -1, messages: [{ key: 'forged', value: JSON.stringify({ forgedBy: writer, run }) }] });
        } catch (error) {
          refusal = error;
        } finally {
          await producer.disconnect();
        }
        expect({ writer, topic, refused: protocolErrorType(refusal) }).toEqual({ writer, topic, refused: 'TOPIC_AUTHORIZATION_FAILED' });
        expect(await admin.fetchTopicOffsets(topic)).toEqual(before);
      }
    } finally {
      await admin.disconnect();
    }
  }, 120_000);
});
