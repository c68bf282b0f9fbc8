import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot, startNodeService, type NodeService } from '@hub/devstack';
import { createTestDatabase } from '@hub/persistence';
import { canLogIn, TEST_DATABASE_SERVER_URL, TEST_KAFKA_BROKERS, testKafkaEnvironment, testSigningKey, waitUntil } from '@hub/testing';
import {
  aBureauPermit,
  createSyncDatabases,
  type SyncDatabases,
} from '../../apps/bureau-adapter/src/capture/testing/bureau-sync.fixture.js';
import { inBureauTransaction } from '../../apps/bureau-adapter/src/reference-sor/bureau-application/bureau-transaction.js';
import { issuePermit } from '../../apps/bureau-adapter/src/reference-sor/bureau-application/index.js';
import { updatePermit } from '../../apps/bureau-adapter/src/reference-sor/bureau-application/update-permit.js';
import type { PsbReplay } from '../../apps/bureau-adapter/src/reconcile/psb-replay.js';
import type { PsbComparison, Reconciliation } from '../../apps/bureau-adapter/src/reconcile/reconciliation.js';
import { freePort, startHubProcess, type HubProcess } from '../support/hub-process.js';
import { forgetInboundHistory, forgetOutboundHistory } from '../support/outbound-history.js';
import {
  adminCall,
  apiKeyOf,
  onboardTestAgencies,
  PSB_AGENCY,
  psbGroupId,
  startPsbAdapter,
  type RunningPsbAdapter,
} from '../support/running-apps.js';
import { operatorHeaders, TEST_OPERATOR_API_KEYS } from '../../apps/bureau-adapter/src/capture/testing/operator-key.js';

const BUREAU = 'bureau-310000';
const run = promisify(execFile);
const BUREAU_KEY = randomBytes(24).toString('hex');
const OTHER_BUREAU_KEY = randomBytes(24).toString('hex');

interface ReconcileRun {
  readonly exitCode: number;
  readonly result: Reconciliation & { files?: { json: string; csv: string }; reportError?: string };
}

/**
 * Reconciliation of the bureau's permits with public security's copy as well as the hub's: the
 * built hub and bureau adapter run as child processes, public security's adapter records what the
 * hub delivers to psb-310000, and the bureau's reconcile command compares its permits with both.
 * Public security's copy is then corrupted (one permit's row deleted, one left at the version before
 * its last change) and the command finds both, with the replay public security should ask for.
 */
describe("reconciling the bureau's permits with public security's copy", () => {
  const logDir = join(repoRoot(), '.cache/test/logs');
  const tag = randomUUID().slice(0, 8);
  let hubDatabase: { url: string; drop(): Promise<void> };
  let hub: HubProcess | undefined;
  let dbs: SyncDatabases;
  let adapter: NodeService | undefined;
  let psb: RunningPsbAdapter | undefined;
  let env: Record<string, string>;
  let out: string;

  async function reconcile(...args: string[]): Promise<ReconcileRun> {
    const argv = [join(repoRoot(), 'dist/apps/bureau-adapter/src/cli.js'), 'reconcile', '--json', '--out', out, ...args];
    const options = { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 };
    try {
      const { stdout } = await run(process.execPath, argv, options);
      return { exitCode: 0, result: JSON.parse(stdout) as ReconcileRun['result'] };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      if (typeof failed.code !== 'number' || !failed.stdout)
        throw new Error(`reconcile failed: ${failed.stderr ?? String(error)}`, { cause: error });
      return { exitCode: failed.code, result: JSON.parse(failed.stdout) as ReconcileRun['result'] };
    }
  }

  /** The version public security's copy holds of the bureau's permit. */
  async function versionAtPsb(permitId: number): Promise<number | undefined> {
    const { rows } = await psb!.db.query<{ record_version: number }>(
      'SELECT record_version FROM work_permits WHERE source_agency = $1 AND record_id = $2',
      [BUREAU, `fwp.permit:${permitId}`],
    );
    return rows[0]?.record_version;
  }

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'reconcile-psb-'));
    hubDatabase = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'reconcile_psb');
    hub = await startHubProcess({
      databaseUrl: hubDatabase.url,
      port: await freePort(),
      logFile: join(logDir, `reconcile-psb-hub-${tag}.log`),
    });
    await onboardTestAgencies(hub.url);
    await forgetOutboundHistory(BUREAU);
    // Public security's adapter reads its inbound topic from the beginning in a new group: what earlier
    // suites' hubs delivered there (their bureau-310000 numbers permits from 1 too, and takes some of
    // them to later versions) would be applied first, and this suite's version 1 found older.
    await forgetInboundHistory(PSB_AGENCY);
    const granted = await adminCall(hub.url, 'POST', `/v1/admin/agencies/${BUREAU}/kafka-credentials`, { kafkaPublishing: true });
    const password = String(granted['password']);
    await waitUntil(`${BUREAU} logs in with its new password`, () => canLogIn(BUREAU, password), 30_000);
    psb = await startPsbAdapter({
      hubUrl: hub.url,
      groupId: psbGroupId('reconcile'),
      env: { RECONCILE_API_KEYS: `${BUREAU}:${BUREAU_KEY},bureau-320000:${OTHER_BUREAU_KEY}` },
    });

    dbs = await createSyncDatabases(TEST_DATABASE_SERVER_URL);
    const port = await freePort();
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
      PSB_RECONCILE_URL: psb.url,
      PSB_RECONCILE_KEY: BUREAU_KEY,
      RECONCILE_AT: 'off',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      OPERATOR_API_KEYS: TEST_OPERATOR_API_KEYS,
      SYNC_POLL_MS: '50',
      OUTCOMES_GROUP: `agency.${BUREAU}.reconcile-psb-${tag}`,
    };
    adapter = startNodeService(
      'bureau-adapter',
      join(repoRoot(), 'dist/apps/bureau-adapter/src/main.js'),
      env,
      join(logDir, `reconcile-psb-adapter-${tag}.log`),
    );
    await waitUntil('the bureau adapter answers /health', () =>
      fetch(`http://127.0.0.1:${port}/health`).then(
        (response) => response.ok,
        () => false,
      ),
    );
  }, 300_000);

  afterAll(async () => {
    await adapter?.stop();
    await psb?.destroy();
    await hub?.service.stop();
    await dbs?.drop();
    await hubDatabase?.drop();
    await rm(out, { recursive: true, force: true });
  }, 60_000);

  it("finds the permit public security lacks and the one it holds older, and names the replay; the hub's side stays in sync", async () => {
    const ids: number[] = [];
    for (const issuedOn of ['2026-04-06', '2026-04-21', '2026-05-11', '2026-06-02']) {
      ids.push(await issuePermit(dbs.bureau, aBureauPermit({ issuedOn, validFrom: issuedOn })));
    }
    const [deleted, stale] = ids as [number, number];
    await inBureauTransaction(dbs.bureau, (client) => updatePermit(client, stale, 'position_title = $2', ['Chief architect']));
    await waitUntil(
      "every permit in public security's copy at the bureau's version",
      async () => {
        const held = await Promise.all(ids.map(versionAtPsb));
        if (held.every((v, i) => v === (ids[i] === stale ? 2 : 1))) return true;
        throw new Error(`public security holds ${ids.map((id, i) => `fwp.permit:${id}@${held[i] ?? 'none'}`).join(', ')}`);
      },
      120_000,
    );

    const clean = await reconcile('--from', '2026-04', '--to', '2026-06');
    expect(clean.exitCode).toBe(0);
    // At the hub the permits' applications count too (issued with them, in the same Kafka batch); public security holds permits only.
    expect(clean.result.summary).toMatchObject({
      outcome: 'in-sync',
      agencyRecords: 8,
      hubRecords: 8,
      remaining: 0,
      psb: { psbRecords: 4, buckets: 3, differingBuckets: 0, missingAtPsb: 0, differentAtPsb: 0, extraAtPsb: 0 },
    });
    expect(clean.result.differences).toEqual([]);

    // Public security's copy corrupted: one permit's row gone, one back at the version before its change.
    await psb!.db.query('DELETE FROM work_permits WHERE record_id = $1', [`fwp.permit:${deleted}`]);
    await psb!.db.query('UPDATE work_permits SET record_version = 1 WHERE record_id = $1', [`fwp.permit:${stale}`]);

    const found = await reconcile('--from', '2026-04', '--to', '2026-06');
    expect(found.exitCode).toBe(1);
    expect(found.result.differences).toEqual([
      {
        kind: 'differentAtPsb',
        recordId: `fwp.permit:${stale}`,
        region: '310115',
        month: '2026-04',
        bureauVersion: 2,
        psbVersion: 1,
        reason: 'psb-older',
      },
      { kind: 'missingAtPsb', recordId: `fwp.permit:${deleted}`, region: '310115', month: '2026-04', bureauVersion: 1 },
    ]);
    const { psb: atPsb, ...atHub } = found.result.summary;
    expect(atHub).toMatchObject({ outcome: 'differences', missing: 0, extra: 0, different: 0, remaining: 0 });
    expect(atPsb).toMatchObject({ psbRecords: 3, differingBuckets: 1, missingAtPsb: 1, differentAtPsb: 1, extraAtPsb: 0 });
    const { replay, ...countsAtPsb } = atPsb as PsbComparison & { replay: PsbReplay };
    expect(replay).toMatchObject({
      records: [`fwp.permit:${stale}`, `fwp.permit:${deleted}`],
      request: 'POST /v1/subscriptions/{subscriptionId}/replays',
      body: { fromTime: expect.stringMatching(/^2\d{3}-\d\d-\d\dT/) as unknown },
    });
    expect(replay.eventIds).toHaveLength(3);
    expect(found.result.reportError).toBeUndefined();

    const csv = await readFile(found.result.files!.csv, 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      '\uFEFF类别 kind,记录编号 record id,地区 region,月份 month,本局版本 bureau version,中心版本 hub version,原因 reason,已重发 republished,公安版本 psb version',
    );
    expect(csv).toContain(`missingAtPsb,fwp.permit:${deleted},310115,2026-04,1,,,,\r\n`);
    expect(csv).toContain(`differentAtPsb,fwp.permit:${stale},310115,2026-04,2,,psb-older,,1\r\n`);

    // The adapter's store keeps the comparison with its replay advice; the hub took its counts (for the ops console).
    const latest = (await (
      await fetch(`http://127.0.0.1:${env['HTTP_PORT']}/v1/reconciliations/latest`, { headers: operatorHeaders() })
    ).json()) as {
      reconciliation: Reconciliation;
    };
    expect(latest.reconciliation.summary.psb).toEqual(atPsb);
    expect(latest.reconciliation.differences).toHaveLength(2);
    const listed = (await adminCall(hub!.url, 'GET', `/v1/admin/reconciliations?agency=${BUREAU}&latest=true`)) as {
      reconciliations: Record<string, unknown>[];
    };
    expect(listed.reconciliations).toEqual([
      expect.objectContaining({
        id: found.result.summary.id,
        outcome: 'differences',
        missing: 0,
        psb: { ...countsAtPsb, psbRecords: 3, missingAtPsb: 1, differentAtPsb: 1, extraAtPsb: 0 },
      }),
    ]);
  }, 600_000);

  it("answers digests only with a bureau's key of RECONCILE_API_KEYS, only of that bureau's records, and names bad parameters", async () => {
    const url = `${psb!.url}/v1/records/digests`;
    const get = (path: string, key?: string): Promise<Response> =>
      fetch(`${url}${path}`, { headers: key === undefined ? {} : { authorization: `Bearer ${key}` } });
    expect((await get('?domain=work-permit')).status).toBe(401);
    expect((await get('?domain=work-permit', 'not-the-key-0123456789abcdef0123456789')).status).toBe(401);
    const noKey = (await (await get('')).json()) as { error: { code: string; message: string } };
    expect(noKey.error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('RECONCILE_API_KEYS') as unknown });

    const other = await get(`?agency=${BUREAU}`, OTHER_BUREAU_KEY);
    expect(other.status).toBe(403);
    expect((await get(`/310115/2026-04?agency=${BUREAU}`, OTHER_BUREAU_KEY)).status).toBe(403);
    expect((await get('?agency=bureau-320000', BUREAU_KEY)).status).toBe(403);
    // Another bureau's own digests hold none of this bureau's permits.
    const theirs = (await (await get('', OTHER_BUREAU_KEY)).json()) as { buckets: unknown[] };
    expect(theirs.buckets).toEqual([]);

    const own = await get(`?agency=${BUREAU}&from=2026-04&to=2026-06&limit=1`, BUREAU_KEY);
    expect(own.status).toBe(200);
    const page = (await own.json()) as {
      domain: string;
      buckets: { region: string; month: string; count: number; hash: string }[];
      next?: string;
    };
    expect(page).toMatchObject({ domain: 'work-permit', next: '310115:2026-04' });
    expect(page.buckets).toEqual([
      { region: '310115', month: '2026-04', count: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown },
    ]);
    const bucket = (await (await get('/310115/2026-04', BUREAU_KEY)).json()) as { records: { recordId: string; version: number }[] };
    expect(bucket.records).toEqual([{ recordId: expect.stringMatching(/^fwp\.permit:\d+$/) as unknown, version: 1 }]);

    const bad = await get('?domain=visa&from=2026-1&limit=0&colour=red', BUREAU_KEY);
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as { error: { code: string; issues: { path: string; rule: string }[] } };
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues.map((i) => `${i.path}:${i.rule}`).sort()).toEqual([
      'colour:unknownParameter',
      'domain:isIn',
      'from:matches',
      'limit:isInt',
    ]);
    expect((await get('/31/2026-04', BUREAU_KEY)).status).toBe(400);
  }, 60_000);
});
