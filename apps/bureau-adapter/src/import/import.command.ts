import { existsSync } from 'node:fs';
import { AgencyOutboundPublisher } from '@hub/agency-kit';
import { createDataSource, runMigrationsExclusively } from '@hub/persistence';
import type { Command } from 'commander';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { readBureauImportConfig, type BureauImportConfig } from '../config/bureau-import-config.js';
import { BUREAU_ADAPTER_MIGRATIONS } from '../migrations/index.js';
import { summaryLine } from './import-progress.js';
import { EMPTY_LEDGER } from './ledger/import-ledger.js';
import { ImportLedgerRepository } from './ledger/import-ledger.repository.js';
import { FwpRecordIds } from './link/bureau-record-ids.js';
import { ImportMappingError } from './mapping/import-mapping.errors.js';
import { DEFAULT_MAPPING_FILE, layMapping, readMappingFile, type ImportMapping } from './mapping/import-mapping.js';
import { ImportFileError } from './read/import-file.errors.js';
import type { ImportDependencies } from './import-dependencies.js';
import { runImport } from './run-import.js';

export interface ImportOptions {
  readonly mapping?: string;
  readonly dryRun?: boolean;
  readonly errors?: string;
}

/** `bureau import <file> [--mapping <file>] [--dry-run] [--errors <file>]`. */
export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('Import historical permits from CSV (UTF-8 or GBK), XLSX or JSON Lines and publish them to the hub')
    .argument('<file>', 'the file: .csv, .xlsx or .jsonl')
    .option('--mapping <file>', `column mapping laid over the default (${DEFAULT_MAPPING_FILE})`)
    .option('--dry-run', 'check every row and write the error report, publish nothing')
    .option('--errors <file>', 'where the per-row error report goes (default: <file>.errors.csv)')
    .action(async (file: string, options: ImportOptions) => {
      process.exitCode = await importCommand(file, options);
    });
}

/** Runs the import; the exit code: 0 done (refused rows are in the report), 1 stopped (run it again to resume), 2 nothing could start. */
export async function importCommand(file: string, options: ImportOptions): Promise<number> {
  const dryRun = options.dryRun === true;
  let config: BureauImportConfig;
  let mapping: ImportMapping;
  let publishing: ImportDependencies['publishing'];
  try {
    if (!existsSync(file)) throw new Error(`${file}: no such file. 找不到文件。`);
    config = readBureauImportConfig(dryRun);
    mapping = mappingOf(options.mapping);
    publishing = dryRun
      ? undefined
      : {
          publisher: publisherOf(config),
          key: { alg: config.SIGNING_ALG, keyId: config.SIGNING_KEY_ID, privateKey: config.signingKey() },
        };
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  let dataSource: DataSource | undefined;
  const bureau = config.BUREAU_DATABASE_URL
    ? new pg.Pool({ connectionString: config.BUREAU_DATABASE_URL, application_name: 'bureau-import', max: 1 })
    : undefined;
  try {
    if (config.DATABASE_URL) dataSource = await openDatabase(config.DATABASE_URL);
    await publishing?.publisher.connect();
    const deps: ImportDependencies = {
      ledger: dataSource ? new ImportLedgerRepository(dataSource) : EMPTY_LEDGER,
      ...(bureau ? { bureauRecordIds: new FwpRecordIds(bureau) } : {}),
      publishing,
      progress: process.stderr,
    };
    const errorReport = options.errors ?? `${file}.errors.csv`;
    const result = await runImport(
      { file, mapping, agencyId: config.AGENCY_ID, defaultRegion: config.province(), batchRows: config.IMPORT_BATCH_ROWS, errorReport },
      deps,
    );
    console.log(summaryLine(result, result.seconds, dryRun, errorReport));
    return 0;
  } catch (error) {
    if (error instanceof ImportMappingError || error instanceof ImportFileError) {
      console.error(error.message);
      return 2;
    }
    console.error(`The import stopped: ${(error as Error).message}. Run the same command again to resume after the last acknowledged row.`);
    return 1;
  } finally {
    await publishing?.publisher.disconnect().catch(() => undefined);
    await dataSource?.destroy().catch(() => undefined);
    await bureau?.end().catch(() => undefined);
  }
}

function mappingOf(file: string | undefined): ImportMapping {
  const base = readMappingFile(DEFAULT_MAPPING_FILE);
  return file === undefined ? base : layMapping(base, readMappingFile(file));
}

async function openDatabase(url: string): Promise<DataSource> {
  const dataSource = await createDataSource({
    url,
    applicationName: 'bureau-import',
    entities: [],
    migrations: BUREAU_ADAPTER_MIGRATIONS,
    poolSize: 2,
  }).initialize();
  await runMigrationsExclusively(dataSource);
  return dataSource;
}

function publisherOf(config: BureauImportConfig): AgencyOutboundPublisher {
  return new AgencyOutboundPublisher({
    agencyId: config.AGENCY_ID,
    brokers: config.KAFKA_BROKERS,
    security: config.kafkaSecurity(),
    clientId: `${config.AGENCY_ID}-import`,
  });
}
