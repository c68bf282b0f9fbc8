import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot, startNodeService, type NodeService } from '@hub/devstack';
import { createTestDatabase } from '@hub/persistence';
import {
  canLogIn,
  ensureSubscription,
  TEST_DATABASE_SERVER_URL,
  TEST_KAFKA_BROKERS,
  TEST_PSB_READER_KEY,
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
import { bureauInboundSubscription } from '../../apps/bureau-adapter/src/inbound/bureau-subscription.js';
import { issuePermit, revokePermit } from '../../apps/bureau-adapter/src/reference-sor/bureau-application/index.js';
import { RESIDENCE_REVIEW_SUBSCRIPTION } from '../../apps/psb-adapter/src/residence-reviews/residence-review-subscription.js';
import { freePort, startHubProcess, type HubProcess } from '../support/hub-process.js';
import { forgetInboundHistory, forgetOutboundHistory } from '../support/outbound-history.js';
import { anEvent } from '../support/linkage-scene.js';
import { adminCall, apiKeyOf, onboardTestAgencies, publish, startPsbAdapter, type RunningPsbAdapter } from '../support/running-apps.js';
import { startLinkage, type RunningLinkage } from '../support/running-linkage.js';
import { operatorHeaders, TEST_OPERATOR_API_KEYS } from '../../apps/bureau-adapter/src/capture/testing/operator-key.js';

const BUREAU = 'bureau-310000';
const PSB = 'psb-310000';
const pem = (agency: string): string => testSigningKey(agency).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/**
 * Both ways through the real hub: the bureau revokes a permit in its own system of record; the
 * bureau adapter (built, a child process) publishes it; the linkage service opens a residence
 * review for public security; public security's adapter records the case, and its officer's
 * decision goes back through the hub signed with public security's key; the bureau adapter writes
 * it into the bureau's database. Every delivery the two adapters hold is acknowledged at the hub.
 */
describe('the bureau and public security syncing both ways', () => {
  const logDir = join(repoRoot(), '.cache/test/logs');
  const run = randomUUID().slice(0, 8);
  let hubDatabase: { url: string; drop(): Promise<void> };
  let hubDb: pg.Client;
  let hub: HubProcess | undefined;
  let dbs: SyncDatabases;
  let bureau: NodeService | undefined;
  let bureauUrl: string;
  let psb: RunningPsbAdapter | undefined;
  let linkage: RunningLinkage | undefined;
  let bureauSubscription: string;

  /** A new Kafka password with publishing granted, once the broker takes it. */
  async function grantPublishing(agency: string): Promise<string> {
    const granted = await adminCall(hub!.url, 'POST', `/v1/admin/agencies/${agency}/kafka-credentials`, { kafkaPublishing: true });
    const password = String(granted['password']);
    await waitUntil(`${agency} logs in with its new password`, () => canLogIn(agency, password), 30_000);
    return password;
  }

  beforeAll(async () => {
    hubDatabase = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'bureauinbound');
    hubDb = new pg.Client({ connectionString: hubDatabase.url });
    await hubDb.connect();
    hub = await startHubProcess({
      databaseUrl: hubDatabase.url,
      port: await freePort(),
      logFile: join(logDir, `bureau-inbound-hub-${run}.log`),
    });
    await onboardTestAgencies(hub.url);
    await forgetOutboundHistory(BUREAU);
    await forgetOutboundHistory(PSB);
    // Public security's adapter waits out sequence gaps (SEQUENCE_GAP_GRACE_MS), and earlier suites' deliveries have them.
    for (const agency of [BUREAU, PSB, 'linkage']) await forgetInboundHistory(agency);
    const bureauPassword = await grantPublishing(BUREAU);
    const psbPassword = await grantPublishing(PSB);
    bureauSubscription = (await ensureSubscription(hub.url, apiKeyOf(hub.url, BUREAU), bureauInboundSubscription(BUREAU))).id;
    await ensureSubscription(hub.url, apiKeyOf(hub.url, PSB), RESIDENCE_REVIEW_SUBSCRIPTION);

    linkage = await startLinkage(hub.url);
    psb = await startPsbAdapter({
      hubUrl: hub.url,
      groupId: `agency.${PSB}.bureau-inbound-${run}`,
      env: {
        ...testKafkaEnvironment(PSB, psbPassword),
        HUB_URL: hub.url,
        HUB_API_KEY: apiKeyOf(hub.url, PSB),
        SIGNING_KEY: pem(PSB),
        SIGNING_KEY_ID: testSigningKey(PSB).keyId,
        SEQUENCE_GAP_GRACE_MS: '600000',
      },
    });

    dbs = await createSyncDatabases(TEST_DATABASE_SERVER_URL);
    const port = await freePort();
    bureauUrl = `http://127.0.0.1:${port}`;
    bureau = startNodeService(
      'bureau-adapter',
      join(repoRoot(), 'dist/apps/bureau-adapter/src/main.js'),
      {
        AGENCY_ID: BUREAU,
        DATABASE_URL: dbs.adapterUrl,
        BUREAU_DATABASE_URL: dbs.bureauUrl,
        KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
        ...testKafkaEnvironment(BUREAU, bureauPassword),
        SIGNING_KEY: pem(BUREAU),
        SIGNING_KEY_ID: testSigningKey(BUREAU).keyId,
        HUB_URL: hub.url,
        HUB_API_KEY: apiKeyOf(hub.url, BUREAU),
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(port),
        OPERATOR_API_KEYS: TEST_OPERATOR_API_KEYS,
        SYNC_POLL_MS: '50',
        OUTCOMES_GROUP: `agency.${BUREAU}.bureau-inbound-outcomes-${run}`,
        INBOUND_GROUP: `agency.${BUREAU}.bureau-inbound-${run}`,
        SEQUENCE_GAP_GRACE_MS: '600000',
      },
      join(logDir, `bureau-inbound-adapter-${run}.log`),
    );
    await waitUntil('the bureau adapter answers /health', () =>
      fetch(`${bureauUrl}/health`).then(
        (response) => response.ok,
        () => false,
      ),
    );
  }, 300_000);

  afterAll(async () => {
    await bureau?.stop();
    await psb?.destroy();
    await linkage?.destroy();
    await hub?.service.stop();
    await hubDb?.end();
    await dbs?.drop();
    await hubDatabase?.drop();
  }, 60_000);

  it("brings public security's residence decision on a revoked permit into the bureau's database, with receipts at the hub", async () => {
    const permit = aBureauPermit();
    const standing = async (): Promise<Record<string, unknown> | undefined> =>
      (
        await dbs.bureau.query<Record<string, unknown>>(
          `SELECT residence_permit_no, residence_status, residence_last_action, open_cases FROM hub_inbound.holder_standing
            WHERE nationality = $1 AND passport_no = $2`,
          [permit.holder.nationality, permit.holder.passportNo],
        )
      ).rows[0];
    const permitId = await issuePermit(dbs.bureau, permit);
    await waitUntil(
      'public security holds the permit',
      async () => (await psb!.db.query('SELECT 1 FROM work_permits WHERE permit_no = $1', [permit.permitNo])).rowCount === 1,
      180_000,
    );
    // Public security had issued the holder a work-type residence permit on that work permit.
    const { rows: held } = await psb!.db.query<{ passport_no: string; nationality: string; birth_date: string; holder_name: string }>(
      `SELECT passport_no, nationality, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, holder_name FROM work_permits WHERE permit_no = $1`,
      [permit.permitNo],
    );
    const holder = {
      passportNo: held[0]!.passport_no,
      nationality: held[0]!.nationality,
      birthDate: held[0]!.birth_date,
      name: held[0]!.holder_name,
    };
    const residence = anEvent(
      'residence-permit.issued',
      1,
      {
        permitNo: 'R310000260012345',
        holder,
        workPermitNo: permit.permitNo,
        issuedOn: '2026-02-01',
        validFrom: '2026-02-01',
        validTo: '2027-12-31',
      },
      '2026-02-01T10:00:00+08:00',
    );
    expect((await publish(hub!.url, residence, {}, { as: PSB })).status).toBe(202);
    await waitUntil(
      'the residence permit in the bureau database',
      async () => (await standing())?.['residence_status'] === 'valid',
      180_000,
    );
    await revokePermit(dbs.bureau, permitId, 'false-materials', '2026-11-30');

    const review = await waitUntil(
      'the residence review at public security',
      async () =>
        (await psb!.db.query<{ case_id: string }>('SELECT case_id FROM residence_reviews WHERE work_permit_no = $1', [permit.permitNo]))
          .rows[0],
      180_000,
    );
    const decisionUrl = `${psb!.url}/v1/residence-reviews/${review.case_id}/decision`;
    const decision = { decision: 'cancelled', residencePermitNo: 'R310000260012345', decidedOn: '2026-12-01', reason: 'work-permit-ended' };
    const post = (body: unknown, key?: string): Promise<Response> =>
      fetch(decisionUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify(body),
      });

    expect((await post(decision)).status).toBe(401);
    const bad = await post({ ...decision, decidedOn: '1 Dec' }, TEST_PSB_READER_KEY);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { issues: [{ path: 'decidedOn', rule: 'pattern', messageZh: expect.any(String) as unknown }] },
    });
    const decided = await post(decision, TEST_PSB_READER_KEY);
    expect(decided.status).toBe(202);
    const { eventId } = (await decided.json()) as { eventId: string };
    expect(
      (
        await post(
          { ...decision, decision: 'shortened', previousValidTo: '2027-12-31', validTo: '2026-12-31', reason: 'violation' },
          TEST_PSB_READER_KEY,
        )
      ).status,
    ).toBe(409);

    await waitUntil('the decision in the bureau database', async () => (await standing())?.['residence_status'] === 'cancelled', 180_000);
    expect(await standing()).toMatchObject({ residence_permit_no: 'R310000260012345', residence_last_action: 'cancelled' });

    // Stored at the hub as public security's signed event, and delivered to the bureau with its receipt.
    const { rows: stored } = await hubDb.query<{ agency: string; signature: string | null }>(
      `SELECT agency, envelope->>'signature' AS signature FROM events WHERE id = $1`,
      [eventId],
    );
    expect(stored).toEqual([{ agency: PSB, signature: expect.stringMatching(/^ed25519:/) as unknown }]);
    await waitUntil(
      "the bureau's receipt of the decision at the hub",
      async () =>
        (
          await hubDb.query(
            'SELECT 1 FROM subscription_deliveries WHERE subscription_id = $1 AND event_id = $2 AND acknowledged_at IS NOT NULL',
            [bureauSubscription, eventId],
          )
        ).rowCount === 1,
      60_000,
    );
    // Public security acknowledged the review that reached it.
    const { rows: psbReceipts } = await hubDb.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM subscription_deliveries d JOIN subscriptions s ON s.id = d.subscription_id
        WHERE s.agency = $1 AND d.acknowledged_at IS NOT NULL`,
      [PSB],
    );
    expect(psbReceipts[0]?.n).toBeGreaterThan(0);

    // The linkage service sees public security acted and resolves the case; the bureau's open cases follow.
    await waitUntil('the review resolved in the bureau database', async () => (await standing())?.['open_cases'] === 0, 180_000);
    const inbound = (await (await fetch(`${bureauUrl}/v1/inbound/status`, { headers: operatorHeaders() })).json()) as {
      received: number;
      deadLetters: { total: number };
    };
    expect(inbound.received).toBeGreaterThanOrEqual(3);
    expect(inbound.deadLetters.total).toBe(0);
  }, 600_000);
});
