/**
 * Verifies the hub's audit trail: every row's hash, the chain's links, every checkpoint's Merkle
 * root and signature, and the archive anchor the live rows start from. Prints the first problem.
 *
 *   DATABASE_URL=postgres://… node dist/scripts/audit/verify.js --public-key hub-audit.pub.pem [--public-key older.pem]
 *       [--include-archive] [--json]
 *
 * The options and their help are declared with commander below (`verify.js --help`). Exit codes: 0 intact, 1 a problem found, 2 could not verify (usage, keys, database).
 */
import 'reflect-metadata';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { describeAuditReport, verifyAuditTrail } from '@hub/audit';
import { createDataSource, redactUrl } from '@hub/persistence';
import type { DataSource } from 'typeorm';

interface Options {
  readonly publicKey: string[];
  readonly includeArchive?: boolean;
  readonly json?: boolean;
}

const program = new Command('verify.js')
  .description('Verify the hub audit trail in the database at DATABASE_URL. Exit codes: 0 intact, 1 a problem found, 2 could not verify.')
  .option(
    '--public-key <pem file>',
    "the hub's Ed25519 audit public key (PEM; a private key file works too); repeat it for earlier keys, since checkpoints signed by a key not given count as a problem",
    (file: string, files: string[]) => [...files, file],
    [] as string[],
  )
  .option('--include-archive', 'also walk audit_archive, from seq 1')
  .option('--json', 'print the report as JSON')
  .exitOverride();

const HELP_HINT = 'DATABASE_URL=postgres://… verify.js --help lists the options.';

async function main(): Promise<number> {
  try {
    program.parse();
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return error.code === 'commander.helpDisplayed' ? 0 : 2;
  }
  const args = program.opts<Options>();
  const url = process.env['DATABASE_URL'];
  if (!url) {
    console.error(`DATABASE_URL is not set.\n${HELP_HINT}`);
    return 2;
  }
  if (args.publicKey.length === 0) {
    console.error(`Give the hub's audit public key with --public-key; without it no checkpoint can be checked.\n${HELP_HINT}`);
    return 2;
  }
  let publicKeys: KeyObject[];
  try {
    publicKeys = args.publicKey.map((file) => createPublicKey(readFileSync(file)));
  } catch (error) {
    console.error(`Cannot read the public keys: ${(error as Error).message}`);
    return 2;
  }

  let dataSource: DataSource | undefined;
  try {
    dataSource = await createDataSource({ url, applicationName: 'audit-verify', entities: [], migrations: [], poolSize: 1 }).initialize();
    const report = await verifyAuditTrail(dataSource, { publicKeys, includeArchive: args.includeArchive ?? false });
    console.log(args.json ? JSON.stringify(report, null, 2) : `${describeAuditReport(report)}\n  database: ${redactUrl(url)}`);
    return report.ok ? 0 : 1;
  } catch (error) {
    console.error(`Could not verify the audit trail at ${redactUrl(url)}: ${(error as Error).message}`);
    return 2;
  } finally {
    await dataSource?.destroy().catch(() => undefined);
  }
}

process.exitCode = await main();
