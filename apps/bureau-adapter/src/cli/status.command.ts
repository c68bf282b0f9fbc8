import { createDataSource } from '@hub/persistence';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { readStoreUrl } from '../config/store-url.js';
import { readInboundReport } from '../inbound/inbound-status/read-inbound-report.js';
import { BUREAU_ADAPTER_MIGRATIONS } from '../migrations/index.js';
import { describeReconciliation } from '../reconcile/reconciliation.js';
import { listRefusals, readSyncStatus, type RefusalView } from '../sync-status/read-sync-status.js';

/**
 * `npm run bureau -- status [--limit n] [--record <id>] [--json]`: where the sync stands and the
 * newest refusals and holds (the hub's and the adapter's own), with field path, rule and zh/en
 * message, read from the adapter's store (DATABASE_URL); with BUREAU_DATABASE_URL also what the
 * hub delivered to the bureau, its gaps and dead letters.
 */
export function statusCommand(program: Command): void {
  program
    .command('status')
    .description("where the bureau's sync stands, and the records the hub refused or held")
    .addOption(new Option('--limit <n>', 'refusals shown, newest first').default('20').argParser(wholeNumber))
    .option('--record <recordId>', 'only this bureau record (e.g. fwp.permit:42)')
    .option('--json', 'print JSON instead of text')
    .action(async (options: { limit: number; record?: string; json?: boolean }) => {
      const url = readStoreUrl();
      if (!url) program.error("Set DATABASE_URL to the bureau adapter's own database (postgres://…/bureau_adapter).", { exitCode: 2 });
      const db = await createDataSource({
        url,
        applicationName: 'bureau-status',
        entities: [],
        migrations: BUREAU_ADAPTER_MIGRATIONS,
        poolSize: 1,
      }).initialize();
      try {
        const status = await readSyncStatus(db);
        const refusals = await listRefusals(db, { limit: options.limit, ...(options.record ? { recordId: options.record } : {}) });
        const inbound = await readInboundReport(options.limit);
        if (options.json) console.log(JSON.stringify({ status, refusals, ...(inbound ? { inbound: inbound.json } : {}) }, null, 2));
        else {
          console.log(describeStatus(status.position, status.snapshot?.status ?? 'not started', status.refusals, refusals));
          const last = status.lastReconciliation;
          console.log(
            last ? `last ${describeReconciliation({ summary: last, differences: [] })} (${last.finishedAt})` : 'no reconciliation yet',
          );
          if (inbound) console.log(inbound.text);
        }
      } finally {
        await db.destroy();
      }
    });
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('a whole number from 1 to 1000');
  return n;
}

function describeStatus(position: string | null, snapshot: string, total: number, refusals: readonly RefusalView[]): string {
  const lines = [`position ${position ?? '-'} · snapshot ${snapshot} · refusals ${total}`];
  for (const r of refusals) {
    lines.push(`${r.refusedAt} ${r.status} ${r.recordId ?? '-'}@${r.recordVersion ?? '-'} ${r.eventType ?? ''} ${r.code}: ${r.message}`);
    if (r.messageZh) lines.push(`    ${r.messageZh}`);
    for (const issue of r.issues)
      lines.push(`    ${issue.path} [${issue.rule}] ${issue.message}${issue.messageZh ? ` / ${issue.messageZh}` : ''}`);
  }
  return lines.join('\n');
}
