import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot, startNodeService, type NodeService } from '@hub/devstack';
import { createTestDatabase } from '@hub/persistence';
import { canLogIn, TEST_DATABASE_SERVER_URL, TEST_KAFKA_BROKERS, testKafkaEnvironment, testSigningKey, waitUntil } from '@hub/testing';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import pg from 'pg';
import {
  aBureauPermit,
  createSyncDatabases,
  type SyncDatabases,
} from '../../apps/bureau-adapter/src/capture/testing/bureau-sync.fixture.js';
import { permitRow } from '../../apps/bureau-adapter/src/import/testing/permit-rows.js';
import { changeEmployer, issuePermit, type IssuePermit } from '../../apps/bureau-adapter/src/reference-sor/bureau-application/index.js';
import type { Reconciliation } from '../../apps/bureau-adapter/src/reconcile/reconciliation.js';
import type { RefusalView } from '../../apps/bureau-adapter/src/sync-status/read-sync-status.js';
import { freePort, startHubProcess, type HubProcess } from '../support/hub-process.js';
import { forgetOutboundHistory, forgetOutcomesHistory } from '../support/outbound-history.js';
import { adminCall, apiKeyOf, onboardTestAgencies } from '../support/running-apps.js';
import { operatorHeaders, TEST_OPERATOR_API_KEYS } from '../../apps/bureau-adapter/src/capture/testing/operator-key.js';

const BUREAU = 'bureau-310000';
const execute = promisify(execFile);
const NEW_EMPLOYER = { uscc: '91310115MA1H7TQK2R', nameZh: '上海浦东示例研究院有限公司', regionCode: '310000' };

/** The columns of the files: a national export's Chinese headers, as the default mapping reads them. */
const HEADERS = [
  '许可证编号',
  '版本号',
  '姓名',
  '国籍',
  '护照号码',
  '出生日期',
  '许可类别',
  '积分',
  '用人单位',
  '统一社会信用代码',
  '工作岗位',
  '职业代码',
  '工作地点代码',
  '发证日期',
  '有效期自',
  '有效期至',
  '状态',
  '状态日期',
] as const;
type Row = Partial<Record<(typeof HEADERS)[number], string>>;

/** A historical permit the bureau's system of record does not hold (the national system's, before the province's). */
function historyRow(n: number, changes: Row = {}): Row {
  return { ...permitRow(n), 版本号: '1', ...changes };
}

/** The row a bureau's export gives for a permit of its system of record, cell for cell what the system holds. */
function rowOf(permit: IssuePermit, version: number): Row {
  return {
    许可证编号: permit.permitNo,
    版本号: String(version),
    姓名: `${permit.holder.givenNames} ${permit.holder.familyName}`,
    国籍: '法国',
    护照号码: permit.holder.passportNo,
    出生日期: permit.holder.birthDate,
    许可类别: `${permit.permitClass}类`,
    积分: String(permit.points),
    用人单位: permit.employer.nameZh,
    统一社会信用代码: permit.employer.uscc,
    工作岗位: permit.positionTitle,
    职业代码: permit.occupationCode ?? '',
    工作地点代码: permit.workRegion,
    发证日期: permit.issuedOn.replace(/^(\d{4})-0?(\d+)-0?(\d+)$/, '$1年$2月$3日'),
    有效期自: permit.validFrom,
    有效期至: permit.validUntil.replace(/-/g, '/'),
    状态: '有效',
  };
}

const cellsOf = (row: Row): string[] => HEADERS.map((header) => row[header] ?? '');

/** The import's one-line summary: the last line it prints. */
const lastLine = (stdout: string): string => stdout.trim().split('\n').pop() ?? '';

/**
 * The bureau's bulk import through the real hub, followed by live change capture and a
 * reconciliation: a GBK CSV and an XLSX export with Chinese headers are imported by the CLI as the
 * bureau's staff would run it; the built hub and adapter run as child processes on real PostgreSQL
 * and Kafka. A permit the system of record also holds is imported under the record id change
 * capture publishes it with, so the hand-over repeats it as a duplicate and reconciliation finds
 * nothing; the hub's refusal of an imported row comes back under its record.
 */
describe("the bureau's bulk import through the hub", () => {
  const logDir = join(repoRoot(), '.cache/test/logs');
  const tag = randomUUID().slice(0, 8);
  let hubDatabase: { url: string; drop(): Promise<void> };
  let hubDb: pg.Client;
  let hub: HubProcess | undefined;
  let dbs: SyncDatabases;
  let adapter: NodeService | undefined;
  let adapterUrl: string;
  let env: Record<string, string>;
  let dir: string;

  const cli = (): string => join(repoRoot(), 'dist/apps/bureau-adapter/src/cli.js');

  async function bureauCommand(...args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await execute(process.execPath, [cli(), ...args], {
        env: { ...process.env, ...env },
        cwd: repoRoot(),
        maxBuffer: 16 * 1024 * 1024,
        timeout: 120_000,
      });
      return { exitCode: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      if (typeof failed.code !== 'number')
        throw new Error(`bureau ${args.join(' ')} failed: ${failed.stderr ?? String(error)}`, { cause: error });
      return { exitCode: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }

  /** Each record the hub holds from the bureau: record id → version. */
  async function versionsAtHub(): Promise<Record<string, number>> {
    const { rows } = await hubDb.query<{ record_id: string; version: string }>(
      'SELECT record_id, version::text FROM record_versions WHERE agency = $1 ORDER BY record_id',
      [BUREAU],
    );
    return Object.fromEntries(rows.map((row) => [row.record_id, Number(row.version)]));
  }

  const refusalsOf = async (recordId: string): Promise<RefusalView[]> =>
    (
      (await (
        await fetch(`${adapterUrl}/v1/sync/refusals?recordId=${encodeURIComponent(recordId)}`, { headers: operatorHeaders() })
      ).json()) as { refusals: RefusalView[] }
    ).refusals;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bureau-import-hub-'));
    hubDatabase = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'bureauimport');
    hubDb = new pg.Client({ connectionString: hubDatabase.url });
    await hubDb.connect();
    hub = await startHubProcess({
      databaseUrl: hubDatabase.url,
      port: await freePort(),
      logFile: join(logDir, `bureau-import-hub-${tag}.log`),
    });
    await onboardTestAgencies(hub.url);
    await forgetOutboundHistory(BUREAU);
    await forgetOutcomesHistory(BUREAU);
    const granted = await adminCall(hub.url, 'POST', `/v1/admin/agencies/${BUREAU}/kafka-credentials`, { kafkaPublishing: true });
    const password = String(granted['password']);
    await waitUntil(`${BUREAU} logs in with its new password`, () => canLogIn(BUREAU, password), 30_000);

    dbs = await createSyncDatabases(TEST_DATABASE_SERVER_URL);
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
      OUTCOMES_GROUP: `agency.${BUREAU}.import-${tag}`,
    };
  }, 240_000);

  afterAll(async () => {
    await adapter?.stop();
    await hub?.service.stop();
    await hubDb?.end();
    await dbs?.drop();
    await hubDatabase?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('stores a GBK CSV and an XLSX file at the hub under the records live capture and reconciliation use, and attributes a refusal to its record', async () => {
    // The bureau's system of record: a permit at version 1, and one changed since (version 2).
    const held = aBureauPermit({
      holder: {
        familyName: 'Durand',
        givenNames: 'Amelie',
        gender: 'F',
        birthDate: '1988-04-12',
        nationality: 'FRA',
        passportNo: 'E70000001',
      },
      issuedOn: '2025-03-03',
      validFrom: '2025-03-03',
    });
    const changed = aBureauPermit({ issuedOn: '2025-04-07', validFrom: '2025-04-07' });
    const heldId = await issuePermit(dbs.bureau, held);
    const changedId = await issuePermit(dbs.bureau, changed);
    await changeEmployer(dbs.bureau, changedId, NEW_EMPLOYER);

    // 1. A GBK CSV: two permits of history only, and the held permit as the system holds it.
    const csv = join(dir, '许可证历史.csv');
    const lines = [HEADERS, ...[historyRow(1), historyRow(2), rowOf(held, 1)].map(cellsOf)].map((cells) => cells.join(','));
    await writeFile(csv, iconv.encode(`${lines.join('\r\n')}\r\n`, 'gbk'));
    const first = await bureauCommand('import', csv);
    expect(first.exitCode).toBe(0);
    expect(lastLine(first.stdout)).toMatch(/^read 3, published 3, unchanged 0, refused 0 in /);
    const [one, two, three] = [permitRow(1).许可证编号, permitRow(2).许可证编号, permitRow(3).许可证编号];
    await waitUntil('the CSV at the hub', async () => Object.keys(await versionsAtHub()).length === 3, 120_000);
    expect(await versionsAtHub()).toEqual({ [one]: 1, [two]: 1, [`fwp.permit:${heldId}`]: 1 });

    // 2. Live capture starts: its snapshot publishes both permits of the system; the held one again, at the same version.
    adapter = startNodeService(
      'bureau-adapter',
      join(repoRoot(), 'dist/apps/bureau-adapter/src/main.js'),
      env,
      join(logDir, `bureau-import-adapter-${tag}.log`),
    );
    await waitUntil('the bureau adapter answers /health', () =>
      fetch(`${adapterUrl}/health`).then(
        (response) => response.ok,
        () => false,
      ),
    );
    await waitUntil(
      'the changed permit at version 2 at the hub',
      async () => (await versionsAtHub())[`fwp.permit:${changedId}`] === 2,
      120_000,
    );
    // The applications the two permits were issued on come with the snapshot too (after the permits').
    const { rows: filed } = await dbs.bureau.query<{ id: string }>(
      `SELECT 'fwp.application:' || application_id AS id FROM fwp.permit WHERE permit_id = ANY($1::bigint[]) ORDER BY permit_id`,
      [[heldId, changedId]],
    );
    const applications = filed.map((row) => row.id);
    await waitUntil(
      'both applications at the hub',
      async () => {
        const atHub = await versionsAtHub();
        return applications.length === 2 && applications.every((id) => atHub[id] === 1);
      },
      120_000,
    );

    // 3. An XLSX file: a new historical permit, a change to one imported before, and an older export of the changed permit.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('许可证');
    sheet.addRow([...HEADERS]);
    sheet.addRow(cellsOf(historyRow(3)));
    sheet.addRow(
      cellsOf(historyRow(1, { 版本号: '2', 用人单位: NEW_EMPLOYER.nameZh, 统一社会信用代码: NEW_EMPLOYER.uscc, 状态日期: '2025/5/1' })),
    );
    sheet.addRow(cellsOf(rowOf(changed, 1)));
    const xlsx = join(dir, 'permits.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    const second = await bureauCommand('import', xlsx);
    expect(second.exitCode).toBe(0);
    expect(lastLine(second.stdout)).toMatch(/^read 3, published 3, unchanged 0, refused 0 in /);

    // The hub's refusal of the older version comes back under the bureau's record.
    const stale = `fwp.permit:${changedId}`;
    await waitUntil('the refusal of the older version', async () => (await refusalsOf(stale)).length > 0, 120_000);
    expect(await refusalsOf(stale)).toEqual([
      expect.objectContaining({
        origin: 'hub',
        status: 'refused',
        recordId: stale,
        recordVersion: 1,
        eventType: 'work-permit.issued',
        code: 'STALE_RECORD_VERSION',
        currentVersion: 2,
      }),
    ]);
    const status = await bureauCommand('status', '--record', stale);
    expect(status.stdout).toContain(`refused ${stale}@1 work-permit.issued`);
    // The permit imported and then captured at the same version: the same event, a duplicate at the hub, not a refusal.
    const heldOutcome = async (): Promise<string | null | undefined> =>
      (
        await dbs.adapter.query<{ outcome: string | null }[]>(
          'SELECT outcome FROM bureau_sync.published_event WHERE record_id = $1 AND record_version = 1',
          [`fwp.permit:${heldId}`],
        )
      )[0]?.outcome;
    await waitUntil('the hub’s answer to the held permit captured again', async () => (await heldOutcome()) === 'duplicate', 60_000);
    expect(await refusalsOf(`fwp.permit:${heldId}`)).toEqual([]);

    await waitUntil('the XLSX at the hub', async () => (await versionsAtHub())[three] === 1 && (await versionsAtHub())[one] === 2, 120_000);
    expect(await versionsAtHub()).toEqual({
      [one]: 2,
      [two]: 1,
      [three]: 1,
      [`fwp.permit:${heldId}`]: 1,
      [`fwp.permit:${changedId}`]: 2,
      ...Object.fromEntries(applications.map((id) => [id, 1])),
    });
    // Every imported event's outcome is kept under its record.
    type Outcome = { record_id: string; record_version: number; event_type: string; outcome: string | null };
    const outcomesOf = (): Promise<Outcome[]> =>
      dbs.adapter.query<Outcome[]>(
        `SELECT record_id, record_version, event_type, outcome FROM bureau_sync.published_event
          WHERE record_id = ANY($1::text[]) ORDER BY record_id, record_version, event_type`,
        [[one, three]],
      );
    await waitUntil('the outcomes of the imported events', async () => (await outcomesOf()).every((o) => o.outcome !== null), 60_000);
    expect(await outcomesOf()).toEqual([
      { record_id: one, record_version: 1, event_type: 'work-permit.issued', outcome: 'accepted' },
      { record_id: one, record_version: 2, event_type: 'work-permit.changed', outcome: 'accepted' },
      { record_id: three, record_version: 1, event_type: 'work-permit.issued', outcome: 'accepted' },
    ]);

    // 4. Reconciliation: the system's permits and the imported history against the hub.
    const reconciled = await bureauCommand('reconcile', '--json', '--out', dir);
    const result = JSON.parse(reconciled.stdout) as Reconciliation;
    expect(result.differences).toEqual([]);
    expect(result.summary).toMatchObject({ outcome: 'in-sync', agencyRecords: 7, hubRecords: 7, missing: 0, extra: 0, different: 0 });
    expect(reconciled.exitCode).toBe(0);
  }, 600_000);
});
