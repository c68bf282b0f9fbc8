import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot, startNodeService, type NodeService } from '@hub/devstack';
import { createTestDatabase } from '@hub/persistence';
import {
  aWorkPermitIssuedEvent,
  canLogIn,
  ensureSubscription,
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
import {
  acceptApplication,
  changeEmployer,
  issuePermit,
  revokePermit,
  submitApplication,
  supplyDocuments,
  verifyCommitment,
} from '../../apps/bureau-adapter/src/reference-sor/bureau-application/index.js';
import type { RefusalView } from '../../apps/bureau-adapter/src/sync-status/read-sync-status.js';
import { WORK_PERMIT_SUBSCRIPTION } from '../../apps/psb-adapter/src/work-permits/work-permit-subscription.js';
import { AgencyInbound } from '../support/agency-inbound.js';
import { freePort, startHubProcess, type HubProcess } from '../support/hub-process.js';
import { forgetOutboundHistory, forgetOutcomesHistory } from '../support/outbound-history.js';
import { adminCall, apiKeyOf, onboardTestAgencies, publish } from '../support/running-apps.js';
import { operatorHeaders, TEST_OPERATOR_API_KEYS, TEST_OPERATOR_KEY } from '../../apps/bureau-adapter/src/capture/testing/operator-key.js';

const BUREAU = 'bureau-310000';
const PSB = 'psb-310000';
const runProcess = promisify(execFile);
/** The adapter's API paths an operator calls: sync status and refusals, inbound status and dead letters, reconciliations. */
const OPERATOR_PATHS = [
  '/v1/sync/status',
  '/v1/sync/refusals',
  '/v1/inbound/status',
  '/v1/inbound/dead-letters',
  '/v1/reconciliations/latest',
];
const NEW_EMPLOYER = { uscc: '91310115MA1H7TQK2R', nameZh: '上海浦东示例研究院有限公司', regionCode: '310000' };

/**
 * The bureau's sync through the real hub: the bureau adapter (built, as a child process) captures
 * what the reference bureau application commits, signs it and publishes it on the bureau's outbound
 * topic; the hub (built, as a child process) stores it and routes it to the public-security bureau's
 * inbound topic, and answers on the outcomes topic, which the adapter keeps (refusals included).
 */
describe('the bureau syncing its system of record through the hub', () => {
  const logDir = join(repoRoot(), '.cache/test/logs');
  const run = randomUUID().slice(0, 8);
  let hubDatabase: { url: string; drop(): Promise<void> };
  let hubDb: pg.Client;
  let hub: HubProcess | undefined;
  let dbs: SyncDatabases;
  let adapter: NodeService | undefined;
  let adapterUrl: string;
  let adapterEnv: Record<string, string>;
  let inbound: AgencyInbound;

  async function startAdapter(): Promise<void> {
    adapter = startNodeService(
      'bureau-adapter',
      join(repoRoot(), 'dist/apps/bureau-adapter/src/main.js'),
      adapterEnv,
      join(logDir, `bureau-sync-adapter-${run}.log`),
    );
    await waitUntil('the bureau adapter answers /health', () =>
      fetch(`${adapterUrl}/health`).then(
        (response) => response.ok,
        () => false,
      ),
    );
  }

  /** The hub's stored events of the bureau's permit row `permitId` (or other record id), as `type@version`, by version (events stored in one transaction share their time). */
  async function storedAtHub(permitId: number | string): Promise<string[]> {
    const recordId = typeof permitId === 'number' ? `fwp.permit:${permitId}` : permitId;
    const { rows } = await hubDb.query<{ at: string }>(
      `SELECT type || '@' || (envelope->>'recordversion') AS at FROM events
        WHERE agency = $1 AND envelope->>'recordid' = $2 ORDER BY (envelope->>'recordversion')::int, received_at`,
      [BUREAU, recordId],
    );
    return rows.map((row) => row.at);
  }

  const refusals = async (): Promise<RefusalView[]> =>
    ((await (await fetch(`${adapterUrl}/v1/sync/refusals`, { headers: operatorHeaders() })).json()) as { refusals: RefusalView[] })
      .refusals;

  beforeAll(async () => {
    hubDatabase = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'bureausync');
    hubDb = new pg.Client({ connectionString: hubDatabase.url });
    await hubDb.connect();
    hub = await startHubProcess({
      databaseUrl: hubDatabase.url,
      port: await freePort(),
      logFile: join(logDir, `bureau-sync-hub-${run}.log`),
    });
    await onboardTestAgencies(hub.url);
    await ensureSubscription(hub.url, apiKeyOf(hub.url, PSB), WORK_PERMIT_SUBSCRIPTION);
    await forgetOutboundHistory(BUREAU);
    await forgetOutcomesHistory(BUREAU);
    const granted = await adminCall(hub.url, 'POST', `/v1/admin/agencies/${BUREAU}/kafka-credentials`, { kafkaPublishing: true });
    const password = String(granted['password']);
    // The broker applies a new SCRAM credential from its metadata log a moment after the hub's answer.
    await waitUntil(`${BUREAU} logs in with its new password`, () => canLogIn(BUREAU, password), 30_000);

    dbs = await createSyncDatabases(TEST_DATABASE_SERVER_URL);
    const port = await freePort();
    adapterUrl = `http://127.0.0.1:${port}`;
    const key = testSigningKey(BUREAU);
    adapterEnv = {
      AGENCY_ID: BUREAU,
      DATABASE_URL: dbs.adapterUrl,
      BUREAU_DATABASE_URL: dbs.bureauUrl,
      KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
      ...testKafkaEnvironment(BUREAU, password),
      SIGNING_KEY: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      SIGNING_KEY_ID: key.keyId,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      OPERATOR_API_KEYS: TEST_OPERATOR_API_KEYS,
      SYNC_POLL_MS: '50',
      SYNC_BATCH_SIZE: '5',
      OUTCOMES_GROUP: `agency.${BUREAU}.bureau-sync-${run}`,
    };
    await startAdapter();
    inbound = new AgencyInbound(hub.url, PSB);
  }, 240_000);

  afterAll(async () => {
    await adapter?.stop();
    await inbound?.stop();
    await hub?.service.stop();
    await hubDb?.end();
    await dbs?.drop();
    await hubDatabase?.drop();
  }, 60_000);

  it("stores the bureau's permit and its changes in order, signed, and delivers them to the public-security bureau", async () => {
    const permit = aBureauPermit();
    const id = await issuePermit(dbs.bureau, permit);
    await waitUntil('the issued permit at the hub', async () => (await storedAtHub(id)).length === 1, 120_000);
    await changeEmployer(dbs.bureau, id, NEW_EMPLOYER);
    await revokePermit(dbs.bureau, id, 'false-materials', '2026-03-01');
    await waitUntil('its change and revocation at the hub', async () => (await storedAtHub(id)).length === 3, 120_000);
    expect(await storedAtHub(id)).toEqual(['work-permit.issued@1', 'work-permit.changed@2', 'work-permit.revoked@3']);

    const { rows } = await hubDb.query<{ id: string; envelope: Record<string, unknown> }>(
      `SELECT id, envelope FROM events WHERE envelope->>'recordid' = $1 ORDER BY (envelope->>'recordversion')::int`,
      [`fwp.permit:${id}`],
    );
    for (const row of rows) {
      expect(row.envelope).toMatchObject({ agency: BUREAU, signature: expect.any(String) as unknown });
      const delivered = await inbound.delivered(row.id);
      expect(delivered.event['type']).toBe(row.envelope['type']);
    }
    // The inbound topic is shared with other suites on the broker, whose bureaus number their permits from 1 too.
    // Delivery is at least once (a relay send retried after a lost acknowledgement is sent again): public
    // security keeps each event once, by its id, so the order that counts is the order of first arrival.
    const stored = new Set(rows.map((row) => row.id));
    const atPsb = inbound
      .distinctEvents()
      .filter((event) => event['recordid'] === `fwp.permit:${id}` && stored.has(String(event['id'])))
      .map((event) => event['type']);
    expect(atPsb).toEqual(['work-permit.issued', 'work-permit.changed', 'work-permit.revoked']);
  }, 300_000);

  it("stores the bureau's applications as they go: submitted, accepted with documents owed or on commitment, documents supplied, commitment verified; in order, signed, once each", async () => {
    const holderOf = () => aBureauPermit();
    const owing = holderOf();
    const committing = holderOf();
    const base = {
      permitClass: 'B' as const,
      positionTitle: 'Research engineer',
      workRegion: '310115',
      submittedAt: '2026-01-05T09:30:00+08:00',
    };
    const graduate = await submitApplication(dbs.bureau, {
      ...base,
      applicationNo: owing.applicationNo,
      holder: owing.holder,
      employer: owing.employer,
      inChina: true,
      path: 'GRADUATE',
    });
    const founder = await submitApplication(dbs.bureau, {
      ...base,
      applicationNo: committing.applicationNo,
      holder: committing.holder,
      employer: committing.employer,
      inChina: false,
      path: 'FOUNDER',
    });
    await acceptApplication(dbs.bureau, graduate, {
      acceptedOn: '2026-01-07',
      mode: 'MISSING_DOCUMENTS',
      owed: [{ docType: 'NO_CRIMINAL_RECORD', dueOn: '2026-02-06' }],
    });
    await acceptApplication(dbs.bureau, founder, {
      acceptedOn: '2026-01-08',
      mode: 'COMMITMENT',
      commitments: [
        { docType: 'NO_CRIMINAL_RECORD', commitmentNo: 'CM-310000-2026-000042', signedOn: '2026-01-08', verifyBy: '2026-03-08' },
      ],
    });
    await supplyDocuments(dbs.bureau, graduate, [
      { docType: 'NO_CRIMINAL_RECORD', fileName: 'record.pdf', sha256: 'a'.repeat(64), receivedAt: '2026-01-28T10:00:00+08:00' },
    ]);
    await verifyCommitment(dbs.bureau, founder, { docType: 'NO_CRIMINAL_RECORD', verifiedOn: '2026-02-18', result: 'FULFILLED' });

    const ofGraduate = `fwp.application:${graduate}`;
    const ofFounder = `fwp.application:${founder}`;
    await waitUntil(
      'both applications and what followed at the hub',
      async () => (await storedAtHub(ofGraduate)).length >= 3 && (await storedAtHub(ofFounder)).length >= 3,
      120_000,
    );
    expect(await storedAtHub(ofGraduate)).toEqual([
      'work-permit.application-submitted@1',
      'work-permit.application-accepted@2',
      'work-permit.documents-supplied@3',
    ]);
    expect(await storedAtHub(ofFounder)).toEqual([
      'work-permit.application-submitted@1',
      'work-permit.application-accepted@2',
      'work-permit.commitment-verified@3',
    ]);
    const { rows } = await hubDb.query<{ id: string; envelope: Record<string, unknown> }>(
      `SELECT id, envelope FROM events WHERE agency = $1 AND envelope->>'recordid' = ANY($2::text[])`,
      [BUREAU, [ofGraduate, ofFounder]],
    );
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((row) => row.id)).size).toBe(6);
    for (const row of rows) expect(row.envelope).toMatchObject({ agency: BUREAU, signature: expect.any(String) as unknown });
    const submitted = rows.find(
      (row) => row.envelope['recordid'] === ofGraduate && row.envelope['type'] === 'work-permit.application-submitted',
    );
    expect(submitted?.envelope['data']).toMatchObject({ applicationNo: owing.applicationNo, path: 'graduate', inChina: true });
    const accepted = rows.find(
      (row) => row.envelope['recordid'] === ofFounder && row.envelope['type'] === 'work-permit.application-accepted',
    );
    expect(accepted?.envelope['data']).toMatchObject({
      mode: 'commitment',
      commitments: [{ kind: 'criminal-record', commitmentNo: 'CM-310000-2026-000042', signedOn: '2026-01-08', verifyBy: '2026-03-08' }],
    });
    expect((await refusals()).filter((r) => r.recordId === ofGraduate || r.recordId === ofFounder)).toEqual([]);
  }, 240_000);

  it('shows a change the hub refused (a stale record version) at GET /v1/sync/refusals, with field path, rule and zh message', async () => {
    const permit = aBureauPermit();
    // The hub already holds this permit from the bureau at version 5: the bureau's version 1 is stale.
    const ahead = { ...aWorkPermitIssuedEvent({ permitNo: permit.permitNo }), recordid: 'fwp.permit:ahead', recordversion: 5 };
    expect((await publish(hub!.url, ahead)).status).toBe(202);
    const id = await issuePermit(dbs.bureau, permit);

    const refused = await waitUntil(
      'the refusal at the adapter',
      async () => (await refusals()).find((r) => r.origin === 'hub' && r.recordId === `fwp.permit:${id}`),
      // The hub's answer makes two Kafka hops (outbound, then outcomes): allow for a loaded machine.
      150_000,
    );
    expect(refused).toMatchObject({
      status: 'refused',
      recordVersion: 1,
      eventType: 'work-permit.issued',
      code: 'STALE_RECORD_VERSION',
      currentVersion: 5,
      issues: [expect.objectContaining({ path: 'recordversion', rule: 'newerThanHeld' })],
    });
    expect(refused.messageZh).toMatch(/[\u4e00-\u9fff]/);
    expect(await storedAtHub(id)).toEqual([]);
  }, 240_000);

  it('loses nothing and stores nothing twice when the adapter is killed (-9) mid-stream and restarted', async () => {
    const ids: number[] = [];
    const writing = (async () => {
      for (let n = 0; n < 24; n += 1) {
        const id = await issuePermit(dbs.bureau, aBureauPermit());
        ids.push(id);
        if (n % 2 === 0) await changeEmployer(dbs.bureau, id, NEW_EMPLOYER);
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
    })();
    await waitUntil('some of the stream at the hub', async () => ids.length > 0 && (await storedAtHub(ids[0]!)).length > 0, 60_000);
    await adapter!.kill();
    // Killed mid-stream: the bureau goes on issuing while the adapter is down.
    expect(ids.length).toBeLessThan(24);
    await writing;
    await startAdapter();

    const { rows: bureau } = await dbs.bureau.query<{ permit_id: string; version: number }>(
      'SELECT permit_id, version FROM fwp.permit WHERE permit_id = ANY($1)',
      [ids],
    );
    expect(bureau).toHaveLength(ids.length);
    const versionsAtHub = async (): Promise<Map<string, number>> => {
      const { rows } = await hubDb.query<{ record_id: string; version: string }>(
        'SELECT record_id, version FROM record_versions WHERE agency = $1 AND record_id = ANY($2)',
        [BUREAU, ids.map((id) => `fwp.permit:${id}`)],
      );
      return new Map(rows.map((row) => [row.record_id, Number(row.version)]));
    };
    await waitUntil(
      "every permit's last version at the hub",
      async () => {
        const held = await versionsAtHub();
        return bureau.every((row) => held.get(`fwp.permit:${row.permit_id}`) === row.version);
      },
      120_000,
    );
    for (const row of bureau) {
      const stored = await storedAtHub(Number(row.permit_id));
      expect(new Set(stored).size).toBe(stored.length);
      expect(stored[0]).toBe('work-permit.issued@1');
      expect(stored.at(-1)?.endsWith(`@${row.version}`)).toBe(true);
    }
  }, 300_000);

  /** The HTTP status curl gets for `path`, with `Authorization: Bearer <key>` when a key is given. */
  async function curlStatus(path: string, key?: string): Promise<number> {
    const auth = key === undefined ? [] : ['-H', `Authorization: Bearer ${key}`];
    const { stdout } = await runProcess('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', ...auth, `${adapterUrl}${path}`]);
    return Number(stdout);
  }

  it('answers curl under /v1/ only with a key of OPERATOR_API_KEYS, and nobody once the setting is removed; health stays open', async () => {
    const wrongKey = randomBytes(24).toString('hex');
    const seen: Record<string, number[]> = {};
    for (const path of OPERATOR_PATHS)
      seen[path] = [await curlStatus(path), await curlStatus(path, wrongKey), await curlStatus(path, TEST_OPERATOR_KEY)];
    expect(seen).toEqual(Object.fromEntries(OPERATOR_PATHS.map((path) => [path, [401, 401, 200]])));
    expect(await curlStatus('/health/live')).toBe(200);

    await adapter!.stop();
    adapterEnv = Object.fromEntries(Object.entries(adapterEnv).filter(([name]) => name !== 'OPERATOR_API_KEYS'));
    await startAdapter();
    const refused: Record<string, number> = {};
    for (const path of OPERATOR_PATHS) refused[path] = await curlStatus(path, TEST_OPERATOR_KEY);
    expect(refused).toEqual(Object.fromEntries(OPERATOR_PATHS.map((path) => [path, 401])));
    expect(await curlStatus('/health/live')).toBe(200);
  }, 120_000);
});
