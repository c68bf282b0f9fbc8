import { randomInt, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot, startNodeService, type NodeService } from '@hub/devstack';
import { createTestDatabase } from '@hub/persistence';
import {
  canLogIn,
  ensureSubscription,
  TEST_ADMIN_TOKEN,
  TEST_DATABASE_SERVER_URL,
  TEST_KAFKA_BROKERS,
  testKafkaEnvironment,
  testSigningKey,
  waitUntil,
} from '@hub/testing';
import pg from 'pg';
import {
  aBureauPermit,
  createSyncDatabases,
  type SyncDatabases,
} from '../../apps/bureau-adapter/src/capture/testing/bureau-sync.fixture.js';
import { operatorHeaders, TEST_OPERATOR_API_KEYS } from '../../apps/bureau-adapter/src/capture/testing/operator-key.js';
import { bureauInboundSubscription } from '../../apps/bureau-adapter/src/inbound/bureau-subscription.js';
import { issuePermit } from '../../apps/bureau-adapter/src/reference-sor/bureau-application/index.js';
import { addConsoleOperator, ConsoleClient } from '../../apps/hub/src/console/testing/console-client.js';
import { freePort, startHubProcess, type HubProcess } from '../support/hub-process.js';
import { forgetInboundHistory, forgetOutboundHistory, forgetOutcomesHistory } from '../support/outbound-history.js';
import { adminCall, apiKeyOf, onboardTestAgencies } from '../support/running-apps.js';

const SHANGHAI = 'bureau-310000';
const BEIJING = 'bureau-110000';
const pem = (agency: string): string => testSigningKey(agency).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

interface Province {
  readonly agency: string;
  readonly dbs: SyncDatabases;
  readonly url: string;
  readonly adapter: NodeService;
}

/** A refusal or hold as the bureau adapter's status API answers it. */
interface Refusal {
  status: 'refused' | 'held';
  eventId: string | null;
  recordId: string | null;
  code: string;
  httpStatus: number | null;
  message: string;
  messageZh: string | null;
  currentVersion: number | null;
}

interface Conflict {
  id: string;
  state: string;
  held: { agency: string; version: number };
  incoming: { agency: string; recordId: string; version: number; eventId: string };
  diff: { path: string }[];
}

/**
 * A permit transferred between provinces, round trip through the real hub (built hub and built
 * adapters, each a child process, on the real broker and PostgreSQL): Shanghai's bureau issued it;
 * Beijing's bureau then publishes the same permit number over Kafka, and the hub holds it. Beijing's
 * adapter shows the hold with the agency that holds the record and its version; an operator resolves
 * the conflict through the console API (rejecting one transfer, accepting another), and Beijing's
 * adapter ends up showing each record's final outcome: refused with the operator's reason in zh/en,
 * or accepted with the hold gone.
 */
describe('a transfer between two bureaus, held and resolved by an operator', () => {
  const logDir = join(repoRoot(), '.cache/test/logs');
  const run = randomUUID().slice(0, 8);
  let hubDatabase: { url: string; drop(): Promise<void> };
  let hubDb: pg.Client;
  let hub: HubProcess | undefined;
  let operator: ConsoleClient;
  const provinces = new Map<string, Province>();
  const province = (agency: string): Province => provinces.get(agency)!;

  async function startBureau(agency: string): Promise<void> {
    const granted = await adminCall(hub!.url, 'POST', `/v1/admin/agencies/${agency}/kafka-credentials`, { kafkaPublishing: true });
    const password = String(granted['password']);
    await waitUntil(`${agency} logs in with its new password`, () => canLogIn(agency, password), 30_000);
    await ensureSubscription(hub!.url, apiKeyOf(hub!.url, agency), bureauInboundSubscription(agency));
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
        SYNC_POLL_MS: '50',
        OUTCOMES_GROUP: `agency.${agency}.conflicts-outcomes-${run}`,
        INBOUND_GROUP: `agency.${agency}.conflicts-${run}`,
        SEQUENCE_GAP_GRACE_MS: '600000',
        OPERATOR_API_KEYS: TEST_OPERATOR_API_KEYS,
      },
      join(logDir, `bureau-conflicts-${agency}-${run}.log`),
    );
    const url = `http://127.0.0.1:${port}`;
    provinces.set(agency, { agency, dbs, url, adapter });
    await waitUntil(`${agency}'s adapter answers /health`, () =>
      fetch(`${url}/health`).then(
        (response) => response.ok,
        () => false,
      ),
    );
  }

  /** What the bureau's staff see of one record: its refusals and holds (GET /v1/sync/refusals). */
  async function refusalsOf(agency: string, recordId: string): Promise<Refusal[]> {
    const response = await fetch(`${province(agency).url}/v1/sync/refusals?recordId=${encodeURIComponent(recordId)}`, {
      headers: operatorHeaders(),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { refusals: Refusal[] }).refusals;
  }

  async function outcomeOf(agency: string, eventId: string): Promise<string | null> {
    const rows = await province(agency).dbs.adapter.query<{ outcome: string | null }[]>(
      'SELECT outcome FROM bureau_sync.published_event WHERE event_id = $1',
      [eventId],
    );
    return rows[0]?.outcome ?? null;
  }

  /** Shanghai's bureau issues a permit, the hub stores it; Beijing's bureau issues the same permit number: the hub holds it. */
  async function transfer(): Promise<{ permitNo: string; recordId: string; conflict: Conflict }> {
    const shanghaiPermit = aBureauPermit();
    await issuePermit(province(SHANGHAI).dbs.bureau, shanghaiPermit);
    await waitUntil(
      "Shanghai's permit at the hub",
      async () =>
        (
          await hubDb.query(`SELECT 1 FROM events WHERE agency = $1 AND envelope#>>'{data,permitNo}' = $2`, [
            SHANGHAI,
            shanghaiPermit.permitNo,
          ])
        ).rowCount === 1,
      150_000,
    );
    const n = String(randomInt(1_000_000, 9_999_999));
    const beijingId = await issuePermit(
      province(BEIJING).dbs.bureau,
      aBureauPermit({
        permitNo: shanghaiPermit.permitNo,
        applicationNo: `SQ110000${n}`,
        employer: { uscc: '91110105MA01ABCD2X', nameZh: '北京示例科技有限公司', regionCode: '110000' },
        workRegion: '110105',
        holder: shanghaiPermit.holder,
      }),
    );
    const recordId = `fwp.permit:${beijingId}`;
    const conflict = await waitUntil(
      "Beijing's change in the conflict queue",
      async () => {
        const listed = await operator.get(`/console/api/conflicts?state=open`);
        return (listed.body as { items: Conflict[] }).items.find(
          (item) => item.incoming.agency === BEIJING && item.incoming.recordId === recordId && item.held.agency === SHANGHAI,
        );
      },
      150_000,
    );
    return { permitNo: shanghaiPermit.permitNo, recordId, conflict };
  }

  beforeAll(async () => {
    hubDatabase = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'bureauconflicts');
    hubDb = new pg.Client({ connectionString: hubDatabase.url });
    await hubDb.connect();
    hub = await startHubProcess({
      databaseUrl: hubDatabase.url,
      port: await freePort(),
      logFile: join(logDir, `bureau-conflicts-hub-${run}.log`),
    });
    await onboardTestAgencies(hub.url);
    await addConsoleOperator(hub.url, TEST_ADMIN_TOKEN, { username: 'e2e-zhou', role: 'operator', password: 'operator-password-e2e' });
    operator = await ConsoleClient.logIn(hub.url, 'e2e-zhou', 'operator-password-e2e');
    for (const agency of [SHANGHAI, BEIJING]) {
      await forgetOutboundHistory(agency);
      await forgetInboundHistory(agency);
      await forgetOutcomesHistory(agency);
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

  it("shows Beijing's bureau the hold with who holds the record, then the refusal once an operator kept Shanghai's version", async () => {
    const { recordId, conflict } = await transfer();
    expect(conflict.diff.map((change) => change.path)).toEqual(expect.arrayContaining(['employer.name', 'workRegion']));

    const [hold] = await waitUntil('the hold in Beijing’s adapter', async () => {
      const refusals = await refusalsOf(BEIJING, recordId);
      return refusals.length === 1 && refusals[0]?.status === 'held' ? refusals : undefined;
    });
    expect(hold).toMatchObject({ eventId: conflict.incoming.eventId, code: 'RECORD_CONFLICT_HELD', currentVersion: conflict.held.version });
    expect(hold?.message).toContain(`held by ${SHANGHAI} at version ${conflict.held.version}`);
    expect(hold?.messageZh).toContain(`由 ${SHANGHAI} 持有，版本 ${conflict.held.version}`);
    expect(await outcomeOf(BEIJING, conflict.incoming.eventId)).toBe('held');

    const note = '许可证仍由上海管理，转移未获批准';
    const answer = await operator.post(`/console/api/conflicts/${conflict.id}/resolve`, { resolution: 'keep-current', note });
    expect(answer).toMatchObject({ status: 200, body: { state: 'rejected' } });

    const [refusal] = await waitUntil('the refusal in Beijing’s adapter', async () => {
      const refusals = await refusalsOf(BEIJING, recordId);
      return refusals[0]?.status === 'refused' ? refusals : undefined;
    });
    expect(refusal).toMatchObject({
      eventId: conflict.incoming.eventId,
      code: 'CONFLICT_REJECTED',
      httpStatus: 409,
      currentVersion: conflict.held.version,
    });
    expect(refusal?.message).toContain(note);
    expect(refusal?.messageZh).toContain(`运维人员保留了 ${SHANGHAI} 的记录`);
    expect(await refusalsOf(BEIJING, recordId)).toHaveLength(1);
    expect(await outcomeOf(BEIJING, conflict.incoming.eventId)).toBe('refused');
    const stored = await hubDb.query('SELECT 1 FROM events WHERE id = $1', [conflict.incoming.eventId]);
    expect(stored.rowCount).toBe(0);
  }, 300_000);

  it("shows Beijing's record accepted, the hold gone, once an operator accepted the transfer", async () => {
    const { recordId, conflict } = await transfer();
    await waitUntil('the hold in Beijing’s adapter', async () => (await refusalsOf(BEIJING, recordId))[0]?.status === 'held');

    const answer = await operator.post(`/console/api/conflicts/${conflict.id}/resolve`, {
      resolution: 'accept-incoming',
      note: '北京人社局已确认工作许可跨省转移',
    });
    expect(answer).toMatchObject({ status: 200, body: { state: 'accepted' } });

    await waitUntil(
      'the accepted outcome in Beijing’s adapter',
      async () => (await outcomeOf(BEIJING, conflict.incoming.eventId)) === 'accepted',
    );
    expect(await refusalsOf(BEIJING, recordId)).toEqual([]);
    const { rows } = await hubDb.query<{ agency: string }>('SELECT agency FROM events WHERE id = $1', [conflict.incoming.eventId]);
    expect(rows).toEqual([{ agency: BEIJING }]);
    const audited = await hubDb.query<{ actor: string }>(
      `SELECT actor FROM audit_trail WHERE action = 'record.conflict-resolved' AND detail->>'conflictId' = $1`,
      [conflict.id],
    );
    expect(audited.rows).toEqual([{ actor: 'admin:console:e2e-zhou' }]);
  }, 300_000);
});
