import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { validateEvent } from '@hub/contracts';
import { generateSigningKeyPair } from '@hub/identity';
import { agencyOutboundTopic, BrokerAgencyKafkaAccess, ensureTopics } from '@hub/messaging';
import {
  createMigratedTestDatabase,
  TEST_KAFKA_BROKERS,
  testKafkaCaFile,
  testKafkaClient,
  testKafkaSecurity,
  waitUntil,
  type MigratedTestDatabase,
} from '@hub/testing';
import { BUREAU_ADAPTER_MIGRATIONS } from '../migrations/index.js';
import { permitEventId } from '../permits/permit-events.js';
import { permitRow, writePermitCsv, type PermitRow } from './testing/permit-rows.js';

const CLI = resolve('dist/apps/bureau-adapter/src/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'bureau-import-int-'));
// A bureau of its own per run, so the outbound topic holds only what this suite published.
const agencyId = `bureau-${randomInt(900_000, 999_999)}`;
const topic = agencyOutboundTopic(agencyId);
const signing = generateSigningKeyPair('ed25519');
let database: MigratedTestDatabase;
let environment: Record<string, string>;

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function startImport(file: string, batchRows: number): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [CLI, 'import', file, '--mapping', join(dir, 'mapping.json')], {
    env: { ...environment, IMPORT_BATCH_ROWS: String(batchRows) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Run>((resolveRun) => child.on('exit', (code, signal) => resolveRun({ code, signal, stdout, stderr })));
  return { child, done };
}

async function runImport(file: string, batchRows = 500): Promise<Run> {
  const run = await startImport(file, batchRows).done;
  if (run.code !== 0) throw new Error(`import exited with ${String(run.code)}: ${run.stderr}`);
  return run;
}

/** Every record on the bureau's outbound topic, as (event id, key), read as the test super user. */
async function outboundRecords(): Promise<{ id: string; key: string; event: object }[]> {
  const kafka = testKafkaClient('bureau-import-int');
  const admin = kafka.admin();
  await admin.connect();
  const total = (await admin.fetchTopicOffsets(topic)).reduce((sum, { high }) => sum + Number(high), 0);
  await admin.disconnect();
  const seen: { id: string; key: string; event: object }[] = [];
  const consumer = kafka.consumer({ groupId: `bureau-import-int-${randomInt(1e9)}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      const event = JSON.parse(message.value?.toString() ?? '{}') as { id: string };
      seen.push({ id: event.id, key: message.key?.toString() ?? '', event });
      return Promise.resolve();
    },
  });
  try {
    await waitUntil(`${total} records read from ${topic}`, () => seen.length >= total, 60_000);
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

function expectedIds(rows: readonly PermitRow[]): string[] {
  return rows.map((row) => permitEventId(agencyId, { recordId: row.许可证编号, version: 1 }, 'work-permit.issued'));
}

function summaryOf(run: Run): string {
  return run.stdout.trim().split('\n').pop() ?? '';
}

beforeAll(async () => {
  database = await createMigratedTestDatabase('bureau_import', BUREAU_ADAPTER_MIGRATIONS);
  const password = `test-${agencyId}-password-0123456789`;
  const access = new BrokerAgencyKafkaAccess(testKafkaClient('bureau-import-access'), TEST_KAFKA_BROKERS, testKafkaSecurity());
  try {
    await access.grant({ agencyId, outbound: true }, password);
  } finally {
    await access.close();
  }
  await ensureTopics(testKafkaClient('bureau-import-topics'), [{ topic, partitions: 3, replicationFactor: 1 }]);
  writeFileSync(join(dir, 'mapping.json'), JSON.stringify({ defaults: { workRegion: '310115' } }));
  environment = {
    PATH: process.env['PATH'] ?? '',
    AGENCY_ID: agencyId,
    DATABASE_URL: database.url,
    KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
    KAFKA_SASL_USERNAME: agencyId,
    KAFKA_SASL_PASSWORD: password,
    KAFKA_TLS_CA_FILE: testKafkaCaFile(),
    BUREAU_SIGNING_KEY: signing.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    BUREAU_SIGNING_KEY_ID: `${agencyId}-k1`,
  };
});

afterAll(async () => {
  await database?.drop();
});

describe('npm run bureau -- import, on the real broker', () => {
  const first = Array.from({ length: 1_200 }, (_, n) => permitRow(n + 1));
  const bad = [permitRow(5_001, { 国籍: '火星' }), permitRow(5_002, { 有效期至: '2010/1/1' })];

  it('publishes every good row as a signed event on the bureau’s outbound topic, as the bureau, and reports the bad ones', async () => {
    const file = join(dir, 'history.csv');
    writePermitCsv(file, [...first.slice(0, 600), ...bad, ...first.slice(600)]);
    const run = await runImport(file);
    expect(summaryOf(run)).toMatch(
      /^read 1202, published 1200, unchanged 0, refused 2 in [\d.]+ s; errors in .*history\.csv\.errors\.csv$/,
    );
    const records = await outboundRecords();
    expect(records.map((record) => record.id).sort()).toEqual(expectedIds(first).sort());
    const sample = records.find((record) => record.key === first[0]?.许可证编号);
    expect(sample && (() => validateEvent(sample.event))).not.toThrow();
    expect(sample?.event).toMatchObject({ agency: agencyId, region: '310115', signature: expect.stringMatching(/^ed25519:/) });
  });

  it('changes nothing when the same file is imported again: every row unchanged, no record sent', async () => {
    const before = (await outboundRecords()).length;
    const run = await runImport(join(dir, 'history.csv'));
    expect(summaryOf(run)).toMatch(/^read 1202, published 0, unchanged 1200, refused 2 /);
    expect((await outboundRecords()).length).toBe(before);
  });

  it('resumes after kill -9 from the last acknowledged row: no record lost, none sent twice beyond the batch in flight', async () => {
    const rows = Array.from({ length: 12_000 }, (_, n) => permitRow(10_000 + n));
    const file = join(dir, 'killed.csv');
    writePermitCsv(file, rows);
    const batchRows = 400;
    const { child, done } = startImport(file, batchRows);
    await waitUntil(
      'the first batches acknowledged',
      async () => {
        const [run] = await database.dataSource.query<{ last_row: number }[]>(
          "SELECT last_row FROM bureau_import_runs WHERE file_name = 'killed.csv' AND finished_at IS NULL",
        );
        return run !== undefined && run.last_row > 2 * batchRows;
      },
      60_000,
      20,
    );
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    const [stopped] = await database.dataSource.query<{ last_row: number }[]>(
      "SELECT last_row FROM bureau_import_runs WHERE file_name = 'killed.csv'",
    );
    expect(stopped?.last_row).toBeLessThan(rows.length + 1);

    const resumed = await runImport(file, batchRows);
    expect(summaryOf(resumed)).toMatch(/^read 12000, published 12000, unchanged 0, refused 0 /);
    const keys = new Set(rows.map((row) => row.许可证编号));
    const records = (await outboundRecords()).filter((record) => keys.has(record.key));
    const ids = records.map((record) => record.id);
    expect([...new Set(ids)].sort()).toEqual(expectedIds(rows).sort());
    // Only a batch Kafka acknowledged whose ledger commit the kill prevented is sent again (same ids: duplicates at the hub).
    expect(ids.length - new Set(ids).size).toBeLessThanOrEqual(batchRows);
    const [ledger] = await database.dataSource.query<{ count: string }[]>(
      'SELECT count(*) FROM bureau_import_ledger WHERE agency = $1 AND record_id = ANY($2::text[])',
      [agencyId, rows.map((row) => row.许可证编号)],
    );
    expect(Number(ledger?.count)).toBe(rows.length);
  });
});
