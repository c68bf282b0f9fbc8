/**
 * `npm run bench:audit`: what the audit trail costs per appended row on the real PostgreSQL, each
 * figure beside the same insert into a copy of `audit_log` without any trigger: a batch of 500 in
 * one statement, single-row transactions one after another, single-row transactions from 8
 * connections at once, and ten-row transactions from 32 connections at once (the publish path's
 * shape) while a sequencer seals every 250 ms; then how fast the sequencer seals a backlog into the
 * chain (hashing in PostgreSQL's trigger) beside what hashing the same rows in Node.js takes, a
 * checkpoint and a full verification over every row written. Prints the figures and writes them
 * to bench/results/.
 */
import 'reflect-metadata';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AUDIT_ACTIONS,
  AddAuditLeaves1764410000000,
  AuditCheckpointer,
  CreateAuditTrail1764170000000,
  auditRowHash,
  auditTime,
  canonicalDetailJson,
  sealAuditLeaves,
  agencyActor,
  appendAudit,
  validateAuditEntry,
  verifyAuditTrail,
  type AuditEntry,
} from '@hub/audit';
import { repoRoot } from '@hub/devstack';
import { createDataSource, dropDatabase, ensureDatabase, runMigrationsExclusively, withDatabase } from '@hub/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { readBenchSettings } from './bench-settings.js';
import { machineDescription } from './measure.js';

type Target = 'chained' | 'plain';
/** Milliseconds a run took, through appendAudit and into the plain copy. */
type Timing = Record<Target, number>;

const BATCH_ROWS = 500;
const BATCH_RUNS = 5;
const SERIAL_ROWS = 500;
const CONNECTIONS = 8;
const ROWS_PER_CONNECTION = 100;
/** Many appenders at once, each transaction a publish of ten events: the hub's hot path. */
const APPENDERS = 32;
const ROWS_PER_APPEND = 10;
const APPENDS_PER_APPENDER = 25;

const { privateKey, publicKey } = generateKeyPairSync('ed25519');

const entry = (n: number): AuditEntry => ({
  actor: agencyActor('bureau-310000'),
  action: AUDIT_ACTIONS.eventPublished,
  purpose: 'permit-sharing',
  eventId: randomUUID(),
  detail: { type: 'work-permit.issued', contractVersion: 1, region: '310000', n },
});
const entries = (count: number): AuditEntry[] => Array.from({ length: count }, (_, n) => entry(n));

/** The same rows into `audit_plain`, a copy of audit_log without the sealing trigger: what the chain adds on top. */
async function appendPlain(db: EntityManager, batch: readonly AuditEntry[]): Promise<void> {
  const rows = batch.map((e, ord) => ({ ord, ...validateAuditEntry(e) }));
  await db.query(
    `INSERT INTO audit_plain (seq, at, actor, action, purpose, event_id, detail, prev_hash, hash)
     SELECT nextval('audit_plain_seq'), clock_timestamp(), actor, action, purpose, "eventId", detail::jsonb, $2, $2
       FROM json_to_recordset($1::json) AS e(ord int, actor text, action text, purpose text, "eventId" uuid, detail text) ORDER BY ord`,
    [JSON.stringify(rows), Buffer.alloc(32)],
  );
}

function append(db: EntityManager, target: Target, batch: AuditEntry[]): Promise<unknown> {
  return target === 'chained' ? appendAudit(db, batch) : appendPlain(db, batch);
}

/** Runs `what` into the plain table, then into the chained one, timing each. */
async function time(what: (target: Target) => Promise<unknown>): Promise<Timing> {
  const result: Timing = { chained: 0, plain: 0 };
  for (const target of ['plain', 'chained'] as const) {
    const started = performance.now();
    await what(target);
    result[target] = performance.now() - started;
  }
  return result;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const microsPerRow = (timing: Timing, rows: number): Timing => ({
  chained: Math.round((timing.chained * 1000) / rows),
  plain: Math.round((timing.plain * 1000) / rows),
});

async function measureBatches(dataSource: DataSource): Promise<Timing> {
  const runs: Timing[] = [];
  for (let run = 0; run < BATCH_RUNS; run += 1) {
    runs.push(await time((target) => dataSource.transaction((m) => append(m, target, entries(BATCH_ROWS)))));
  }
  return microsPerRow({ chained: median(runs.map((r) => r.chained)), plain: median(runs.map((r) => r.plain)) }, BATCH_ROWS);
}

async function measureSerial(dataSource: DataSource): Promise<Timing> {
  const timing = await time(async (target) => {
    for (let n = 0; n < SERIAL_ROWS; n += 1) await append(dataSource.manager, target, [entry(n)]);
  });
  return microsPerRow(timing, SERIAL_ROWS);
}

async function measureConcurrent(dataSource: DataSource): Promise<Timing & { rowsPerSecond: Timing }> {
  const rows = CONNECTIONS * ROWS_PER_CONNECTION;
  const timing = await time((target) =>
    Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        for (let n = 0; n < ROWS_PER_CONNECTION; n += 1) await append(dataSource.manager, target, [entry(n)]);
      }),
    ),
  );
  const rate = (ms: number): number => Math.round(rows / (ms / 1000));
  return { ...microsPerRow(timing, rows), rowsPerSecond: { chained: rate(timing.chained), plain: rate(timing.plain) } };
}

/**
 * APPENDERS connections appending ROWS_PER_APPEND rows per transaction at once, as publishes do,
 * while a sequencer seals what they append every 250 ms, as the audit role does.
 */
async function measureManyAppenders(dataSource: DataSource): Promise<{ appenders: number; rowsPerAppend: number; rowsPerSecond: Timing }> {
  const rows = APPENDERS * APPENDS_PER_APPENDER * ROWS_PER_APPEND;
  await sealAuditLeaves(dataSource); // the earlier measurements' leaves, so the plain run starts as idle as the other
  let appending = true;
  const sequencer = (async () => {
    while (appending) {
      await sealAuditLeaves(dataSource);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  const timing = await time((target) =>
    Promise.all(
      Array.from({ length: APPENDERS }, async () => {
        for (let n = 0; n < APPENDS_PER_APPENDER; n += 1) await append(dataSource.manager, target, entries(ROWS_PER_APPEND));
      }),
    ),
  ).finally(() => (appending = false));
  await sequencer;
  const rate = (ms: number): number => Math.round(rows / (ms / 1000));
  return {
    appenders: APPENDERS,
    rowsPerAppend: ROWS_PER_APPEND,
    rowsPerSecond: { chained: rate(timing.chained), plain: rate(timing.plain) },
  };
}

/**
 * The sequencer sealing a backlog of SEAL_ROWS leaves into the chain, hashed by the database's
 * trigger, beside the hashing alone done in Node.js (what moving it there could at most save).
 */
const SEAL_ROWS = 20_000;
async function measureSealing(
  dataSource: DataSource,
): Promise<{ rows: number; rowsPerSecond: number; microsPerRow: number; nodeHashMicrosPerRow: number }> {
  await sealAuditLeaves(dataSource);
  for (let n = 0; n < SEAL_ROWS; n += 1000) await appendAudit(dataSource.manager, entries(1000));
  const started = performance.now();
  const { sealed } = await sealAuditLeaves(dataSource);
  const ms = performance.now() - started;
  const contents = entries(SEAL_ROWS).map((e, n) => ({
    seq: n + 1,
    at: auditTime(new Date()),
    actor: e.actor,
    action: e.action,
    purpose: e.purpose,
    eventId: e.eventId ?? null,
    detail: canonicalDetailJson(e.detail ?? {}),
  }));
  const hashStarted = performance.now();
  let prevHash: Buffer = Buffer.alloc(32);
  for (const content of contents) prevHash = auditRowHash('sha256', prevHash, content);
  const hashMs = performance.now() - hashStarted;
  return {
    rows: sealed,
    rowsPerSecond: Math.round(sealed / (ms / 1000)),
    microsPerRow: Math.round((ms * 1000) / sealed),
    nodeHashMicrosPerRow: Math.round(((hashMs * 1000) / SEAL_ROWS) * 10) / 10,
  };
}

async function measureCheckpointAndVerify(dataSource: DataSource): Promise<{ rows: number; checkpointMs: number; verifyMs: number }> {
  let started = performance.now();
  await new AuditCheckpointer(dataSource, { signingKey: privateKey, maxRowsPerCheckpoint: 100_000 }).checkpointNow({ force: true });
  const checkpointMs = Math.round(performance.now() - started);
  const [{ n: rows } = { n: 0 }] = await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM audit_log');
  started = performance.now();
  const report = await verifyAuditTrail(dataSource, { publicKeys: [publicKey] });
  const verifyMs = Math.round(performance.now() - started);
  if (!report.ok) throw new Error(`the audit trail the benchmark wrote does not verify: ${JSON.stringify(report.problem)}`);
  return { rows, checkpointMs, verifyMs };
}

async function postgresSettings(dataSource: DataSource): Promise<{ version: string; fsync: string; synchronousCommit: string }> {
  const [settings] = await dataSource.query<{ version: string; fsync: string; synchronousCommit: string }[]>(
    `SELECT current_setting('server_version') AS version, current_setting('fsync') AS fsync,
            current_setting('synchronous_commit') AS "synchronousCommit"`,
  );
  if (!settings) throw new Error('PostgreSQL did not report its settings');
  return settings;
}

const databaseUrl = withDatabase(readBenchSettings().databaseServerUrl, `audit_bench_${process.pid}`);
let dataSource: DataSource | undefined;
try {
  await ensureDatabase(databaseUrl);
  dataSource = await createDataSource({
    url: databaseUrl,
    applicationName: 'audit-bench',
    entities: [],
    migrations: [CreateAuditTrail1764170000000, AddAuditLeaves1764410000000],
    poolSize: APPENDERS + 2,
  }).initialize();
  await runMigrationsExclusively(dataSource);
  await dataSource.query('CREATE TABLE audit_plain (LIKE audit_log INCLUDING ALL)');
  await dataSource.query('CREATE SEQUENCE audit_plain_seq');
  const postgres = await postgresSettings(dataSource);
  console.log(`PostgreSQL ${postgres.version}, fsync=${postgres.fsync}, synchronous_commit=${postgres.synchronousCommit}`);

  // Warm up connections, plans and the JIT.
  for (const target of ['plain', 'chained'] as const) await append(dataSource.manager, target, entries(50));

  const batch = await measureBatches(dataSource);
  console.log(
    `batch of ${BATCH_ROWS} in one statement: ${batch.chained} µs/row appendAudit, ${batch.plain} plain (median of ${BATCH_RUNS})`,
  );
  const serial = await measureSerial(dataSource);
  console.log(`${SERIAL_ROWS} single-row transactions, serial: ${serial.chained} µs/row appendAudit, ${serial.plain} plain`);
  const concurrent = await measureConcurrent(dataSource);
  console.log(
    `${CONNECTIONS * ROWS_PER_CONNECTION} single-row transactions, ${CONNECTIONS} connections: ` +
      `${concurrent.chained} µs/row appendAudit (${concurrent.rowsPerSecond.chained} rows/s), ` +
      `${concurrent.plain} plain (${concurrent.rowsPerSecond.plain} rows/s)`,
  );
  const many = await measureManyAppenders(dataSource);
  console.log(
    `${APPENDERS} appenders, ${ROWS_PER_APPEND} rows per transaction: ${many.rowsPerSecond.chained} rows/s appendAudit, ` +
      `${many.rowsPerSecond.plain} plain`,
  );
  const sealing = await measureSealing(dataSource);
  console.log(
    `sealing ${sealing.rows} waiting leaves into the chain: ${sealing.rowsPerSecond} rows/s (${sealing.microsPerRow} µs/row; ` +
      `hashing alone in Node.js: ${sealing.nodeHashMicrosPerRow} µs/row)`,
  );
  const trail = await measureCheckpointAndVerify(dataSource);
  console.log(`checkpoint over ${trail.rows} rows: ${trail.checkpointMs} ms; verify: ${trail.verifyMs} ms`);

  const result = {
    date: new Date().toISOString(),
    machine: { ...machineDescription(), postgres },
    microsPerRow: { batch, serial, concurrent: { chained: concurrent.chained, plain: concurrent.plain } },
    concurrentRowsPerSecond: concurrent.rowsPerSecond,
    manyAppenders: many,
    sealing,
    trail,
  };
  const dir = join(repoRoot(), 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `audit-append-${result.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written to ${file}`);
} catch (error) {
  console.error(`audit benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await dataSource?.destroy();
  await dropDatabase(databaseUrl).catch(() => undefined);
}
