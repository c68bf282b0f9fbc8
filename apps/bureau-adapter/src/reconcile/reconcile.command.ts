import { AgencyOutboundPublisher } from '@hub/agency-kit';
import { createDataSource } from '@hub/persistence';
import { Logger, type LoggerService } from '@nestjs/common';
import type { Command } from 'commander';
import pg from 'pg';
import { KafkaRecordPublisher } from '../capture/kafka-record-publisher.js';
import { loadBureauAdapterConfig } from '../config/bureau-adapter-config.js';
import { BUREAU_ADAPTER_MIGRATIONS } from '../migrations/index.js';
import { HttpHubDigests, psbDigests } from './hub-digests.client.js';
import { reconcileAndRecord } from './reconcile-and-record.js';
import { reconcileRangeOf } from './reconcile-range.js';
import { describeReconciliation, psbDifferenceCount } from './reconciliation.js';
import { writeReport } from './write-report.js';

interface ReconcileFlags {
  readonly from?: string;
  readonly to?: string;
  readonly out: string;
  readonly repair?: boolean;
  readonly json?: boolean;
}

/**
 * `npm run bureau -- reconcile [--from YYYY-MM] [--to YYYY-MM] [--out DIR] [--repair] [--json]`:
 * compares the bureau's permits with the hub's records (see runReconciliation), writes the findings
 * as JSON and CSV into DIR, keeps the result in the adapter's store, sends the summary to the hub and
 * prints one line. With PSB_RECONCILE_URL and PSB_RECONCILE_KEY it compares public security's copy
 * too. Exit 0 when every side agrees, 1 when differences remain (or the run or the comparison with
 * public security failed), 2 on a usage mistake. Reads the adapter's settings (plus HUB_URL and HUB_API_KEY).
 */
export function reconcileCommand(program: Command): void {
  program
    .command('reconcile')
    .description("compare the bureau's permits with the hub's records by region × month digests; --repair republishes what the hub lacks")
    .option('--from <month>', 'first issue month compared, YYYY-MM')
    .option('--to <month>', 'last issue month compared, YYYY-MM')
    .option('--out <dir>', 'where the JSON and CSV reports go', '.')
    .option('--repair', 'republish the permits the hub lacks or holds at an older version')
    .option('--json', 'print the result as JSON instead of one line')
    .action(async (flags: ReconcileFlags) => {
      let range;
      try {
        range = reconcileRangeOf(flags.from, flags.to);
      } catch (error) {
        program.error((error as Error).message, { exitCode: 2 });
      }
      // Logs (e.g. the Kafka client's) go to stderr: stdout carries the result only, so --json can be piped.
      Logger.overrideLogger(STDERR_LOGGER);
      const config = loadBureauAdapterConfig();
      const hubApiKey = config.hubApiKey();
      const psb = config.psbReconcile();
      if (!config.HUB_URL || !hubApiKey) {
        program.error('Set HUB_URL (the hub’s base URL) and HUB_API_KEY (the bureau’s API key at the hub) to reconcile.', { exitCode: 2 });
      }
      const store = await createDataSource({
        url: config.DATABASE_URL,
        applicationName: 'bureau-reconcile',
        entities: [],
        migrations: BUREAU_ADAPTER_MIGRATIONS,
        poolSize: 2,
      }).initialize();
      const pool = new pg.Pool({ connectionString: config.BUREAU_DATABASE_URL, application_name: 'bureau-reconcile', max: 2 });
      const outbound = flags.repair
        ? new AgencyOutboundPublisher({ agencyId: config.AGENCY_ID, brokers: config.KAFKA_BROKERS, security: config.kafkaSecurity() })
        : undefined;
      try {
        await outbound?.connect();
        const publisher =
          outbound &&
          new KafkaRecordPublisher(
            outbound,
            { agencyId: config.AGENCY_ID },
            { alg: config.SIGNING_ALG, keyId: config.SIGNING_KEY_ID, privateKey: config.signingKey() },
          );
        const { reconciliation, reportError } = await reconcileAndRecord(
          {
            bureau: { query: async <T>(sql: string, parameters?: unknown[]): Promise<T> => (await pool.query(sql, parameters)).rows as T },
            store,
            hub: new HttpHubDigests(config.HUB_URL, hubApiKey),
            agencyId: config.AGENCY_ID,
            ...(psb ? { psb: psbDigests(psb.url, psb.apiKey, config.AGENCY_ID) } : {}),
            ...(publisher ? { publisher } : {}),
          },
          { range, repair: flags.repair === true, trigger: 'command' },
        );
        const files = reconciliation.summary.outcome === 'failed' ? undefined : writeReport(flags.out, reconciliation);
        if (flags.json) console.log(JSON.stringify({ ...reconciliation, files, reportError }, null, 2));
        else console.log(`${describeReconciliation(reconciliation)}${files ? ` · ${files.json}, ${files.csv}` : ''}`);
        if (reportError) console.error(`The hub did not take the summary: ${reportError}`);
        const { outcome, remaining } = reconciliation.summary;
        const atPsb = psbDifferenceCount(reconciliation.summary);
        process.exitCode = outcome === 'failed' || remaining > 0 || atPsb !== 0 ? 1 : 0;
      } finally {
        await outbound?.disconnect();
        await pool.end();
        await store.destroy();
      }
    });
}

const toStderr = (level: string) => (message: unknown) =>
  console.error(`[${level}]`, typeof message === 'string' ? message : JSON.stringify(message));

/** Nest's logger, writing to stderr. */
const STDERR_LOGGER: LoggerService = {
  log: toStderr('log'),
  warn: toStderr('warn'),
  error: toStderr('error'),
  debug: toStderr('debug'),
  verbose: toStderr('verbose'),
};
