/**
 * `npm run bench:bureau-import`: the bulk import's time for 100,000 historical permits (issue 14:
 * ≤ 2 minutes on this machine). Generates a CSV of N permits (BENCH_IMPORT_ROWS, default 100,000;
 * Chinese headers, the three date forms, nationalities as codes and names), starts a single-node
 * Kafka (BENCH_KAFKA_PORT, default 29092) and a fresh database, then times `npm run bureau -- import`
 * as a process: the first import (every row mapped, validated, signed, published with acks=all and
 * recorded in the ledger) and the same file again (every row unchanged). Writes
 * bench/results/bureau-import-<stamp>.json and bench/results/bureau-import-latest.json.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { localBrokerTls, LocalKafka, repoRoot, throwawayCa } from '@hub/devstack';
import { agencyOutboundTopic, ensureTopics, kafkaSecurityOptions } from '@hub/messaging';
import { dropDatabase, ensureDatabase, withDatabase } from '@hub/persistence';
import { Kafka, logLevel } from 'kafkajs';
import { permitRow, writePermitCsv } from '../apps/bureau-adapter/src/import/testing/permit-rows.js';
import { machineDescription } from './measure.js';

const AGENCY = 'bureau-310000';
const rows = Number(process.env['BENCH_IMPORT_ROWS'] ?? 100_000);
const kafkaPort = Number(process.env['BENCH_KAFKA_PORT'] ?? 29_092);
const batchRows = Number(process.env['IMPORT_BATCH_ROWS'] ?? 2_000);
const root = repoRoot();
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const work = join(root, '.cache/bench-bureau-import');
const databaseUrl = withDatabase(
  process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  `bureau_import_bench_${process.pid}`,
);
const password = randomBytes(24).toString('base64url');
// The hub grants the bureau its outbound topic by ACL; here it is a super user (ACL checks are not what is measured).
const kafka = new LocalKafka({
  workDir: join(work, 'kafka'),
  brokerPort: kafkaPort,
  controllerPort: kafkaPort + 1,
  fresh: true,
  heapMb: 512,
  security: {
    tls: await localBrokerTls(await throwawayCa('Interagency Hub CA (bureau import benchmark)')),
    scram: { users: [{ name: AGENCY, password }], superUsers: [AGENCY] },
  },
});

try {
  mkdirSync(work, { recursive: true });
  const file = join(work, `permits-${rows}.csv`);
  writePermitCsv(
    file,
    Array.from({ length: rows }, (_, n) => permitRow(n + 1)),
  );
  log(`${rows} permits in ${file} (${(statSync(file).size / 2 ** 20).toFixed(1)} MiB); machine ${JSON.stringify(machineDescription())}`);
  await kafka.start();
  const client = new Kafka({
    clientId: 'bench-bureau-import',
    brokers: kafka.brokers,
    logLevel: logLevel.NOTHING,
    ...kafkaSecurityOptions({ sasl: kafka.sasl(AGENCY), ssl: { ca: [kafka.caCertificatePem] } }),
  });
  await ensureTopics(client, [{ topic: agencyOutboundTopic(AGENCY), partitions: 6, replicationFactor: 1 }]);
  await ensureDatabase(databaseUrl);
  const env = {
    PATH: process.env['PATH'] ?? '',
    AGENCY_ID: AGENCY,
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: kafka.brokers.join(','),
    KAFKA_SASL_USERNAME: AGENCY,
    KAFKA_SASL_PASSWORD: password,
    KAFKA_TLS_CA_FILE: kafka.caFile,
    BUREAU_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    BUREAU_SIGNING_KEY_ID: `${AGENCY}-bench`,
    IMPORT_BATCH_ROWS: String(batchRows),
  };
  const first = await timedImport(file, env);
  log(`first import: ${first.seconds.toFixed(1)} s — ${first.summary}`);
  const again = await timedImport(file, env);
  log(`same file again: ${again.seconds.toFixed(1)} s — ${again.summary}`);
  const result = {
    benchmark: 'bureau-import',
    at: new Date().toISOString(),
    machine: machineDescription(),
    loadAverage: loadavg(),
    rows,
    fileMiB: Number((statSync(file).size / 2 ** 20).toFixed(1)),
    batchRows,
    firstImport: { ...first, rowsPerSecond: Math.round(rows / first.seconds) },
    sameFileAgain: { ...again, rowsPerSecond: Math.round(rows / again.seconds) },
    withinTwoMinutes: first.seconds <= 120,
  };
  const dir = join(root, 'bench/results');
  mkdirSync(dir, { recursive: true });
  for (const name of [`bureau-import-${stamp}.json`, 'bureau-import-latest.json'])
    writeFileSync(join(dir, name), `${JSON.stringify(result, null, 2)}\n`);
  log(`written to bench/results/bureau-import-${stamp}.json`);
} finally {
  await kafka.stop();
  await dropDatabase(databaseUrl).catch(() => undefined);
}

/** Runs the import as `npm run bureau -- import` does, and times it from spawn to exit. */
async function timedImport(file: string, env: Record<string, string>): Promise<{ seconds: number; summary: string }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['--enable-source-maps', join(root, 'dist/apps/bureau-adapter/src/cli.js'), 'import', file], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`the import exited with ${String(code)}`);
  return { seconds, summary: stdout.trim().split('\n').pop() ?? '' };
}

function log(message: string): void {
  console.log(`[bench:bureau-import] ${message}`);
}
