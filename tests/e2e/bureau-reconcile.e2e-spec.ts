import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot, startNodeService, type NodeService } from '@hub/devstack';
import { createTestDatabase } from '@hub/persistence';
import {
  aWorkPermitIssuedEvent,
  canLogIn,
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
import { inBureauTransaction } from '../../apps/bureau-adapter/src/reference-sor/bureau-application/bureau-transaction.js';
import { issuePermit } from '../../apps/bureau-adapter/src/reference-sor/bureau-application/index.js';
import { updatePermit } from '../../apps/bureau-adapter/src/reference-sor/bureau-application/update-permit.js';
import type { RecordDifference } from '../../apps/bureau-adapter/src/reconcile/record-differences.js';
import type { Reconciliation } from '../../apps/bureau-adapter/src/reconcile/reconciliation.js';
import { freePort, startHubProcess, type HubProcess } from '../support/hub-process.js';
import { forgetOutboundHistory } from '../support/outbound-history.js';
import { adminCall, apiKeyOf, onboardTestAgencies, publish } from '../support/running-apps.js';
import { operatorHeaders, TEST_OPERATOR_API_KEYS } from '../../apps/bureau-adapter/src/capture/testing/operator-key.js';

const BUREAU = 'bureau-310000';
const run = promisify(execFile);

/** What `npm run bureau -- reconcile --json` prints and how it exits. */
interface ReconcileRun {
  readonly exitCode: number;
  readonly result: Reconciliation & { files?: { json: string; csv: string }; reportError?: string };
}

/**
 * Reconciliation of the bureau's permits with the hub, each side corrupted as real faults do: a
 * permit changed with change capture switched off (the hub holds the older version), a permit
 * issued with capture off (its publish never happened: the hub lacks it), a record published to the
 * hub that the bureau does not hold, and a permit row edited in the database without a new version
 * (the same version now says something else); and the hub's side: a record the hub holds at a
 * newer version than the bureau, a record the hub lost, a record only the hub holds. The built hub and adapter run as child processes on
 * real PostgreSQL and Kafka; the CLI runs as the bureau's staff would run it.
 */
describe("reconciling the bureau's permits with the hub", () => {
  const logDir = join(repoRoot(), '.cache/test/logs');
  const tag = randomUUID().slice(0, 8);
  let hubDatabase: { url: string; drop(): Promise<void> };
  let hubDb: pg.Client;
  let hub: HubProcess | undefined;
  let dbs: SyncDatabases;
  /** Connections whose writes fire no trigger: the bureau's database changed past its change capture. */
  let uncaptured: pg.Pool;
  let adapter: NodeService | undefined;
  let adapterUrl: string;
  let env: Record<string, string>;
  let out: string;

  async function reconcile(...args: string[]): Promise<ReconcileRun> {
    const cli = join(repoRoot(), 'dist/apps/bureau-adapter/src/cli.js');
    const argv = [cli, 'reconcile', '--json', '--out', out, ...args];
    const options = { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 };
    try {
      const { stdout } = await run(process.execPath, argv, options);
      return { exitCode: 0, result: jsonOf(stdout) };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      if (typeof failed.code !== 'number' || !failed.stdout)
        throw new Error(`reconcile failed: ${failed.stderr ?? String(error)}`, { cause: error });
      return { exitCode: failed.code, result: jsonOf(failed.stdout) };
    }
  }

  /** The JSON document the command printed (its logs go to stderr). */
  const jsonOf = (stdout: string): ReconcileRun['result'] => JSON.parse(stdout) as ReconcileRun['result'];

  /** The version the hub holds of the bureau's permit `permitId` (or of another record id). */
  async function versionAtHub(permitId: number | string): Promise<number | undefined> {
    const { rows } = await hubDb.query<{ version: string }>(
      'SELECT version::text FROM record_versions WHERE agency = $1 AND record_id = $2',
      [BUREAU, typeof permitId === 'number' ? `fwp.permit:${permitId}` : permitId],
    );
    return rows[0] ? Number(rows[0].version) : undefined;
  }

  /** The record id of the application the bureau issued its permit `permitId` on. */
  async function applicationOf(permitId: number): Promise<string> {
    const { rows } = await dbs.bureau.query<{ id: string }>('SELECT application_id::text AS id FROM fwp.permit WHERE permit_id = $1', [
      permitId,
    ]);
    return `fwp.application:${rows[0]?.id}`;
  }

  /** Events the hub stores of the bureau's record, by type. */
  async function eventsAtHub(recordId: string): Promise<string[]> {
    const { rows } = await hubDb.query<{ type: string }>(
      `SELECT type FROM events WHERE agency = $1 AND envelope->>'recordid' = $2 ORDER BY received_at`,
      [BUREAU, recordId],
    );
    return rows.map((row) => row.type);
  }

  /**
   * The hub loses a record of the bureau, as a restore from a backup older than the record would:
   * its events, whatever refers to them (outbox, deliveries…) and its record version.
   */
  async function loseAtHub(recordId: string): Promise<void> {
    const { rows: referring } = await hubDb.query<{ table_name: string; column_name: string }>(
      `SELECT kcu.table_name, kcu.column_name
         FROM information_schema.referential_constraints rc
         JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name AND kcu.constraint_schema = rc.constraint_schema
         JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = rc.unique_constraint_name AND ccu.constraint_schema = rc.unique_constraint_schema
        WHERE ccu.table_name = 'events'`,
    );
    const ids = `SELECT id FROM events WHERE agency = $1 AND envelope->>'recordid' = $2`;
    await hubDb.query('BEGIN');
    try {
      for (const { table_name, column_name } of referring)
        await hubDb.query(`DELETE FROM ${table_name} WHERE ${column_name} IN (${ids})`, [BUREAU, recordId]);
      await hubDb.query('DELETE FROM record_versions WHERE agency = $1 AND record_id = $2', [BUREAU, recordId]);
      await hubDb.query(`DELETE FROM events WHERE id IN (${ids})`, [BUREAU, recordId]);
      await hubDb.query('COMMIT');
    } catch (error) {
      await hubDb.query('ROLLBACK');
      throw error;
    }
  }

  async function latestAtAdapter(): Promise<Record<string, unknown>> {
    const { reconciliation } = (await (await fetch(`${adapterUrl}/v1/reconciliations/latest`, { headers: operatorHeaders() })).json()) as {
      reconciliation: Reconciliation;
    };
    return { ...reconciliation.summary };
  }

  const differencesOf = (r: ReconcileRun): Pick<RecordDifference, 'kind' | 'recordId' | 'bureauVersion' | 'hubVersion' | 'reason'>[] =>
    r.result.differences.map(({ kind, recordId, bureauVersion, hubVersion, reason }) => ({
      kind,
      recordId,
      ...(bureauVersion === undefined ? {} : { bureauVersion }),
      ...(hubVersion === undefined ? {} : { hubVersion }),
      ...(reason === undefined ? {} : { reason }),
    }));

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'reconcile-'));
    hubDatabase = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'reconcile');
    hubDb = new pg.Client({ connectionString: hubDatabase.url });
    await hubDb.connect();
    hub = await startHubProcess({
      databaseUrl: hubDatabase.url,
      port: await freePort(),
      logFile: join(logDir, `bureau-reconcile-hub-${tag}.log`),
    });
    await onboardTestAgencies(hub.url);
    await forgetOutboundHistory(BUREAU);
    const granted = await adminCall(hub.url, 'POST', `/v1/admin/agencies/${BUREAU}/kafka-credentials`, { kafkaPublishing: true });
    const password = String(granted['password']);
    await waitUntil(`${BUREAU} logs in with its new password`, () => canLogIn(BUREAU, password), 30_000);

    dbs = await createSyncDatabases(TEST_DATABASE_SERVER_URL);
    uncaptured = new pg.Pool({ connectionString: dbs.bureauUrl, max: 2, options: '-c session_replication_role=replica' });
    const port = await freePort();
    adapterUrl = `http://127.0.0.1:${port}`;
    const key = testSigningKey(BUREAU);
    env = {
      AGENCY_ID: BUREAU,
      DATABASE_URL: dbs.adapterUrl,
      BUREAU_DATABASE_URL: dbs.bureauUrl,
      KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
      ...testKafkaEnvironment(BUREAU, password),
      SIGNING_KEY: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      SIGNING_KEY_ID: key.keyId,
      HUB_URL: hub.url,
      HUB_API_KEY: apiKeyOf(hub.url, BUREAU),
      RECONCILE_AT: 'off',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      OPERATOR_API_KEYS: TEST_OPERATOR_API_KEYS,
      SYNC_POLL_MS: '50',
      OUTCOMES_GROUP: `agency.${BUREAU}.reconcile-${tag}`,
    };
    adapter = startNodeService(
      'bureau-adapter',
      join(repoRoot(), 'dist/apps/bureau-adapter/src/main.js'),
      env,
      join(logDir, `bureau-reconcile-adapter-${tag}.log`),
    );
    await waitUntil('the bureau adapter answers /health', () =>
      fetch(`${adapterUrl}/health`).then(
        (response) => response.ok,
        () => false,
      ),
    );
  }, 240_000);

  afterAll(async () => {
    await adapter?.stop();
    await hub?.service.stop();
    await hubDb?.end();
    await uncaptured?.end();
    await dbs?.drop();
    await hubDatabase?.drop();
    await rm(out, { recursive: true, force: true });
  }, 60_000);

  it('finds exactly what each fault left, republishes what the hub lacks or holds older, and reports to the hub', async () => {
    const ids: number[] = [];
    for (const issuedOn of ['2026-01-05', '2026-01-20', '2026-02-03', '2026-02-17', '2026-03-02']) {
      ids.push(await issuePermit(dbs.bureau, aBureauPermit({ issuedOn, validFrom: issuedOn })));
    }
    // Each permit's application (filed in the same transaction, submitted on the day of issue) is a record of the same bucket.
    const applications = await Promise.all(ids.map(applicationOf));
    await waitUntil(
      'every permit and application at the hub',
      async () => (await Promise.all([...ids, ...applications].map(versionAtHub))).every((v) => v === 1),
      120_000,
    );

    const clean = await reconcile('--from', '2026-01', '--to', '2026-12');
    expect(clean.exitCode).toBe(0);
    expect(clean.result.summary).toMatchObject({
      outcome: 'in-sync',
      agencyRecords: 10,
      hubRecords: 10,
      buckets: 3,
      differingBuckets: 0,
      remaining: 0,
    });
    expect(clean.result.differences).toEqual([]);

    // Faults. A change made with capture off: the bureau is at version 2, the hub at 1.
    const [changed, , drifted] = ids as [number, number, number];
    await inBureauTransaction(uncaptured, (client) => updatePermit(client, changed, 'position_title = $2', ['Chief architect']));
    // A permit whose publish never happened.
    const unpublished = await issuePermit(uncaptured, aBureauPermit({ issuedOn: '2026-02-10', validFrom: '2026-02-10' }));
    const unpublishedApplication = await applicationOf(unpublished);
    // A row edited in the database without a new version.
    await uncaptured.query('UPDATE fwp.permit SET position_title = $2 WHERE permit_id = $1', [drifted, 'Data engineer']);
    // A record at the hub the bureau does not hold.
    const stray = { ...aWorkPermitIssuedEvent(), time: '2026-03-09T00:00:00+08:00', recordid: 'fwp.permit:990001', recordversion: 1 };
    expect((await publish(hub!.url, stray)).status).toBe(202);

    const found = await reconcile('--from', '2026-01', '--to', '2026-12');
    expect(found.exitCode).toBe(1);
    expect(differencesOf(found)).toEqual([
      { kind: 'different', recordId: `fwp.permit:${changed}`, bureauVersion: 2, hubVersion: 1, reason: 'hub-older' },
      { kind: 'different', recordId: `fwp.permit:${drifted}`, bureauVersion: 1, reason: 'content' },
      { kind: 'extra', recordId: 'fwp.permit:990001', hubVersion: 1 },
      { kind: 'missing', recordId: unpublishedApplication, bureauVersion: 1 },
      { kind: 'missing', recordId: `fwp.permit:${unpublished}`, bureauVersion: 1 },
    ]);
    expect(found.result.summary).toMatchObject({
      outcome: 'differences',
      agencyRecords: 12,
      hubRecords: 11,
      missing: 2,
      extra: 1,
      different: 2,
      repaired: 0,
      remaining: 5,
    });
    // Only the buckets that differ were read record by record: January (the change), February (the unpublished permit), March (the stray record).
    expect(found.result.summary.differingBuckets).toBe(3);
    const csv = await readFile(found.result.files!.csv, 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      '\uFEFF类别 kind,记录编号 record id,地区 region,月份 month,本局版本 bureau version,中心版本 hub version,原因 reason,已重发 republished,公安版本 psb version',
    );
    expect(csv).toContain(`missing,fwp.permit:${unpublished},310115,2026-02,1,,,`);
    expect(JSON.parse(await readFile(found.result.files!.json, 'utf8'))).toMatchObject({ summary: { id: found.result.summary.id } });

    const repaired = await reconcile('--from', '2026-01', '--to', '2026-12', '--repair');
    expect(repaired.exitCode).toBe(1);
    expect(repaired.result.summary).toMatchObject({ repaired: 3, remaining: 2 });
    expect(repaired.result.differences.filter((d) => d.repaired).map((d) => d.recordId)).toEqual([
      `fwp.permit:${changed}`,
      unpublishedApplication,
      `fwp.permit:${unpublished}`,
    ]);
    await waitUntil(
      'the republished permits and application at the hub',
      async () =>
        (await versionAtHub(changed)) === 2 &&
        (await versionAtHub(unpublished)) === 1 &&
        (await versionAtHub(unpublishedApplication)) === 1,
      120_000,
    );
    expect(await eventsAtHub(unpublishedApplication)).toEqual(['work-permit.application-submitted']);
    const { rows } = await hubDb.query<{ type: string }>(
      `SELECT type FROM events WHERE agency = $1 AND envelope->>'recordid' = $2 ORDER BY received_at`,
      [BUREAU, `fwp.permit:${changed}`],
    );
    expect(rows.map((row) => row.type)).toEqual(['work-permit.issued', 'work-permit.changed']);

    // What repair cannot fix stays listed: the stray record, and the row that changed without a new version.
    const after = await reconcile('--from', '2026-01', '--to', '2026-12');
    expect(after.exitCode).toBe(1);
    expect(differencesOf(after)).toEqual([
      { kind: 'different', recordId: `fwp.permit:${drifted}`, bureauVersion: 1, reason: 'content' },
      { kind: 'extra', recordId: 'fwp.permit:990001', hubVersion: 1 },
    ]);

    // The ops console's view: each agency's newest reconciliation.
    const listed = await fetch(`${hub!.url}/v1/admin/reconciliations?agency=${BUREAU}&latest=true`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(listed.status).toBe(200);
    const { reconciliations } = (await listed.json()) as { reconciliations: Record<string, unknown>[] };
    expect(reconciliations).toEqual([
      expect.objectContaining({
        id: after.result.summary.id,
        agency: BUREAU,
        outcome: 'differences',
        trigger: 'command',
        missing: 0,
        extra: 1,
        different: 1,
      }),
    ]);
    expect(await readdir(out)).toHaveLength(8);
  }, 600_000);

  it('reconciles on demand through the adapter API and shows the last result in the sync status', async () => {
    const response = await fetch(`${adapterUrl}/v1/reconciliations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...operatorHeaders() },
      body: JSON.stringify({ from: '2026-01', to: '2026-12' }),
    });
    expect(response.status).toBe(200);
    const { reconciliation, reportError } = (await response.json()) as { reconciliation: Reconciliation; reportError?: string };
    expect(reportError).toBeUndefined();
    expect(reconciliation.summary).toMatchObject({ trigger: 'api', extra: 1, different: 1, missing: 0 });
    const status = (await (await fetch(`${adapterUrl}/v1/sync/status`, { headers: operatorHeaders() })).json()) as {
      lastReconciliation: { id: string };
    };
    expect(status.lastReconciliation.id).toBe(reconciliation.summary.id);
    const latest = (await (await fetch(`${adapterUrl}/v1/reconciliations/latest`, { headers: operatorHeaders() })).json()) as {
      reconciliation: Reconciliation;
    };
    expect(latest.reconciliation.differences).toHaveLength(2);
    const { stdout } = await run(process.execPath, [join(repoRoot(), 'dist/apps/bureau-adapter/src/cli.js'), 'status'], {
      env: { ...process.env, DATABASE_URL: dbs.adapterUrl },
    });
    expect(stdout).toContain('last reconciliation 2026-01..2026-12: 12 records here, 13 at the hub, 4 buckets (1 differ)');
    expect(stdout).toContain('0 missing, 1 extra, 1 different; 0 republished, 2 remaining');

    const bad = await fetch(`${adapterUrl}/v1/reconciliations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...operatorHeaders() },
      body: JSON.stringify({ from: '2026-13' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', issues: [{ path: 'from', rule: 'isMonthRange', messageZh: expect.any(String) as unknown }] },
    });
  }, 180_000);

  it("gives digests only with an agency's API key, and only of that agency's records; refuses bad parameters naming them", async () => {
    const url = `${hub!.url}/v1/records/digests?domain=work-permit`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer not-a-key' } })).status).toBe(401);
    const psb = await fetch(url, { headers: { authorization: `Bearer ${apiKeyOf(hub!.url, 'psb-310000')}` } });
    expect(psb.status).toBe(200);
    expect(((await psb.json()) as { buckets: unknown[] }).buckets).toEqual([]);
    const own = await fetch(`${url}&from=2026-01&to=2026-02&limit=1`, { headers: { authorization: `Bearer ${env['HUB_API_KEY']}` } });
    const page = (await own.json()) as { buckets: { region: string; month: string; count: number }[]; next?: string };
    // January's two permits and the two applications they were issued on.
    expect(page.buckets).toEqual([expect.objectContaining({ region: '310115', month: '2026-01', count: 4 })]);
    expect(page.next).toBe('310115:2026-01');

    const bad = await fetch(`${hub!.url}/v1/records/digests?from=2026-1&limit=0&colour=red`, {
      headers: { authorization: `Bearer ${env['HUB_API_KEY']}` },
    });
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as { error: { issues: { path: string; rule: string; messageZh?: string }[] } };
    expect(error.issues.map((i) => `${i.path}:${i.rule}`).sort()).toEqual(['colour:unknownParameter', 'from:matches', 'limit:isInt']);
    expect(error.issues.every((i) => i.messageZh)).toBe(true);
    const summary = { ...(await latestAtAdapter()), id: randomUUID() };
    const report = (body: unknown, key?: string): Promise<Response> =>
      fetch(`${hub!.url}/v1/reconciliations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify(body),
      });
    expect((await report(summary)).status).toBe(401);
    const refused = await report({ ...summary, missing: -1, outcome: 'fine', colour: 'red' }, env['HUB_API_KEY']);
    expect(refused.status).toBe(400);
    const { error: reportIssues } = (await refused.json()) as { error: { issues: { path: string }[] } };
    expect(reportIssues.issues.map((i) => i.path).sort()).toEqual(['colour', 'missing', 'outcome']);
    expect((await report(summary, env['HUB_API_KEY'])).status).toBe(201);
    expect((await report(summary, env['HUB_API_KEY'])).status).toBe(201);
    expect((await report(summary, apiKeyOf(hub!.url, 'psb-310000'))).status).toBe(409);

    const badBucket = await fetch(`${hub!.url}/v1/records/digests/31/2026-01`, {
      headers: { authorization: `Bearer ${env['HUB_API_KEY']}` },
    });
    expect(badBucket.status).toBe(400);
  }, 60_000);

  it("finds what the hub's side got wrong, and repairs only what the hub lacks, never a newer version the hub holds", async () => {
    const range = ['--from', '2025-01', '--to', '2025-12'];
    const ids: number[] = [];
    for (const issuedOn of ['2025-03-04', '2025-03-18', '2025-05-06', '2025-07-01']) {
      ids.push(await issuePermit(dbs.bureau, aBureauPermit({ issuedOn, validFrom: issuedOn })));
    }
    const applications = await Promise.all(ids.map(applicationOf));
    await waitUntil(
      'every 2025 permit and its application at the hub',
      async () => (await Promise.all([...ids, ...applications].map(versionAtHub))).every((v) => v === 1),
      120_000,
    );
    expect((await reconcile(...range)).result.summary).toMatchObject({ outcome: 'in-sync', agencyRecords: 8, hubRecords: 8 });

    // Faults at the hub. It holds a newer version than the bureau has ever made of this permit.
    const [ahead, lost] = ids as [number, number];
    await hubDb.query('UPDATE record_versions SET version = 7 WHERE agency = $1 AND record_id = $2', [BUREAU, `fwp.permit:${ahead}`]);
    // It lost this permit (its events and its record version).
    await loseAtHub(`fwp.permit:${lost}`);
    // It holds a record the bureau does not.
    const stray = { ...aWorkPermitIssuedEvent(), time: '2025-05-20T00:00:00+08:00', recordid: 'fwp.permit:990002', recordversion: 1 };
    expect((await publish(hub!.url, stray)).status).toBe(202);

    const found = await reconcile(...range);
    expect(found.exitCode).toBe(1);
    expect(differencesOf(found)).toEqual([
      { kind: 'different', recordId: `fwp.permit:${ahead}`, bureauVersion: 1, hubVersion: 7, reason: 'hub-newer' },
      { kind: 'extra', recordId: 'fwp.permit:990002', hubVersion: 1 },
      { kind: 'missing', recordId: `fwp.permit:${lost}`, bureauVersion: 1 },
    ]);
    expect(found.result.summary).toMatchObject({ agencyRecords: 8, hubRecords: 8, missing: 1, extra: 1, different: 1, remaining: 3 });
    const json = JSON.parse(await readFile(found.result.files!.json, 'utf8')) as Reconciliation;
    expect(json.differences).toEqual(found.result.differences);
    const csv = await readFile(found.result.files!.csv, 'utf8');
    expect(csv).toContain(`different,fwp.permit:${ahead},310115,2025-03,1,7,hub-newer,,\r\n`);
    expect(csv).toContain(`missing,fwp.permit:${lost},310115,2025-03,1,,,,\r\n`);
    expect(csv).toContain('extra,fwp.permit:990002,310000,2025-05,,1,,,\r\n');

    const repaired = await reconcile(...range, '--repair');
    expect(repaired.result.summary).toMatchObject({ repaired: 1, remaining: 2 });
    expect(repaired.result.differences.filter((d) => d.repaired).map((d) => d.recordId)).toEqual([`fwp.permit:${lost}`]);
    // A newer version at the hub is not the bureau's to overwrite: it stays listed, not offered for repair.
    const newer = repaired.result.differences.find((d) => d.kind === 'different');
    expect(newer).toMatchObject({ reason: 'hub-newer', hubVersion: 7 });
    expect(newer).not.toHaveProperty('repaired');
    await waitUntil('the lost permit back at the hub', async () => (await versionAtHub(lost)) === 1, 120_000);
    expect(await eventsAtHub(`fwp.permit:${lost}`)).toEqual(['work-permit.issued']);
    // The newer version the hub holds is left as it is: nothing was sent for that permit.
    expect(await versionAtHub(ahead)).toBe(7);
    expect(await eventsAtHub(`fwp.permit:${ahead}`)).toEqual(['work-permit.issued']);

    const after = await reconcile(...range);
    expect(differencesOf(after)).toEqual([
      { kind: 'different', recordId: `fwp.permit:${ahead}`, bureauVersion: 1, hubVersion: 7, reason: 'hub-newer' },
      { kind: 'extra', recordId: 'fwp.permit:990002', hubVersion: 1 },
    ]);
  }, 600_000);
});
