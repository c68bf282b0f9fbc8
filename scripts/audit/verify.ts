/**
 * Verifies the hub's audit trail: every row's hash, the chain's links, every checkpoint's Merkle
 * root and signature, and the archive anchor the live rows start from. Prints the first problem.
 *
 *   DATABASE_URL=postgres://… node dist/scripts/audit/verify.js --public-key hub-audit.pub.pem [--public-key older.pem]
 *       [--include-archive] [--json]
 *
 * --public-key       the hub's Ed25519 public key (PEM; a private key file works too), repeat it for
 *                    earlier keys; checkpoints signed by a key not given count as a problem
 * --include-archive  also walk audit_archive, from seq 1
 * --json             print the report as JSON
 *
 * Exit codes: 0 intact, 1 a problem found, 2 could not verify (usage, keys, database).
 */
import 'reflect-metadata';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeAuditReport, verifyAuditTrail } from '@hub/audit';
import { createDataSource, redactUrl } from '@hub/persistence';
import type { DataSource } from 'typeorm';

const USAGE = 'usage: DATABASE_URL=postgres://… verify.js --public-key <pem file> [--public-key <pem file> …] [--include-archive] [--json]';

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const url = process.env['DATABASE_URL'];
  if (!url) {
    console.error(`DATABASE_URL is not set.\n${USAGE}`);
    return 2;
  }
  const keyFiles = args['public-key'] ?? [];
  if (keyFiles.length === 0) {
    console.error(`Give the hub's audit public key with --public-key; without it no checkpoint can be checked.\n${USAGE}`);
    return 2;
  }
  let publicKeys: KeyObject[];
  try {
    publicKeys = keyFiles.map((file) => createPublicKey(readFileSync(file)));
  } catch (error) {
    console.error(`Cannot read the public keys: ${(error as Error).message}`);
    return 2;
  }

  let dataSource: DataSource | undefined;
  try {
    dataSource = await createDataSource({ url, applicationName: 'audit-verify', entities: [], migrations: [], poolSize: 1 }).initialize();
    const report = await verifyAuditTrail(dataSource, { publicKeys, includeArchive: args['include-archive'] ?? false });
    console.log(args.json ? JSON.stringify(report, null, 2) : `${describeAuditReport(report)}\n  database: ${redactUrl(url)}`);
    return report.ok ? 0 : 1;
  } catch (error) {
    console.error(`Could not verify the audit trail at ${redactUrl(url)}: ${(error as Error).message}`);
    return 2;
  } finally {
    await dataSource?.destroy().catch(() => undefined);
  }
}

function parse() {
  return parseArgs({
    options: {
      'public-key': { type: 'string', multiple: true },
      'include-archive': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
}

process.exitCode = await main();
