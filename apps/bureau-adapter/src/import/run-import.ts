import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SignEventOptions } from '@hub/identity';
import { signPermitEvents } from '../permits/permit-events.js';
import { allIssuesOf, decideRow } from './decide-row.js';
import { ImportProgressBar, type ImportCounts, type ProgressOutput } from './import-progress.js';
import { NOT_BEGUN, type ImportFile, type ImportLedger, type ImportProgress, type LedgerEntry } from './ledger/import-ledger.js';
import { planColumns } from './mapping/column-plan.js';
import type { ImportMapping } from './mapping/import-mapping.js';
import { RowMapper } from './mapping/map-row.js';
import { openRows } from './read/open-rows.js';
import type { RowIssue, SourceRow } from './read/source-row.js';
import type { OutboundRecord } from '@hub/agency-kit';
import type { OutboundPublisher } from './publish/outbound-publisher.js';
import { ErrorReport } from './report/error-report.js';

/** One import: the file, how to read it, and for whom. */
export interface ImportRequest {
  readonly file: string;
  readonly mapping: ImportMapping;
  /** The bureau, e.g. bureau-310000. */
  readonly agencyId: string;
  /** Region of a permit whose file gives none (the bureau's province). */
  readonly defaultRegion: string;
  /** Rows per batch (one Kafka acknowledgement and one ledger transaction). */
  readonly batchRows: number;
  /** Where the per-row error report goes. */
  readonly errorReport: string;
}

/** What an import uses: the ledger always; the publisher and the bureau's key unless it is a dry run. */
export interface ImportDependencies {
  readonly ledger: ImportLedger;
  readonly publishing?: { readonly publisher: OutboundPublisher; readonly key: SignEventOptions };
  readonly progress: ProgressOutput;
}

export interface ImportResult extends ImportCounts {
  /** Whether this run went on from where an earlier, killed run of the same file stopped. */
  readonly resumed: boolean;
  readonly seconds: number;
}

/**
 * Imports a file of historical permits: each row mapped to a PermitRecord, decided against the
 * ledger (decideRow), its events signed and published; per batch, Kafka's acknowledgement first,
 * then the ledger and the file's last row in one transaction. Without `publishing` (a dry run)
 * nothing is sent or recorded. A bad row goes to the error report and never stops the import.
 */
export async function runImport(request: ImportRequest, deps: ImportDependencies): Promise<ImportResult> {
  const startedAt = Date.now();
  const file: ImportFile = { agency: request.agencyId, fileHash: await sha256Of(request.file), fileName: basename(request.file) };
  const ledger = deps.publishing ? deps.ledger : readOnly(deps.ledger);
  const begun = await ledger.begin(file);
  const report = ErrorReport.open(request.errorReport, begun.resumed ? begun.lastRow : undefined);
  const source = await openRows(request.file);
  const bar = new ImportProgressBar(deps.progress, (await stat(request.file)).size);
  let progress: ImportProgress = begun;
  let mapper: RowMapper | undefined;
  let batch: SourceRow[] = [];
  const flush = async (): Promise<void> => {
    mapper ??= new RowMapper(request.mapping, planColumns(request.mapping, source.headers(), request.file), {
      workRegion: request.defaultRegion,
    });
    progress = await importBatch(batch, mapper, { request, deps, ledger, file, report, progress });
    batch = [];
    bar.update(source.bytesRead(), progress);
  };
  for await (const row of source.rows()) {
    if (row.row <= begun.lastRow) continue;
    batch.push(row);
    if (batch.length >= request.batchRows) await flush();
  }
  if (batch.length > 0) await flush();
  await ledger.finish(file);
  bar.finish(source.bytesRead(), progress);
  const { read, published, unchanged, refused } = progress;
  return { read, published, unchanged, refused, resumed: begun.resumed, seconds: (Date.now() - startedAt) / 1000 };
}

interface BatchContext {
  readonly request: ImportRequest;
  readonly deps: ImportDependencies;
  readonly ledger: ImportLedger;
  readonly file: ImportFile;
  readonly report: ErrorReport;
  readonly progress: ImportProgress;
}

async function importBatch(rows: readonly SourceRow[], mapper: RowMapper, ctx: BatchContext): Promise<ImportProgress> {
  const mapped = rows.map((row) => ({ row: row.row, ...mapper.map(row) }));
  const recordIds = [...new Set(mapped.flatMap(({ record, issues }) => (issues.length === 0 ? [record.recordId] : [])))];
  const known = new Map<string, LedgerEntry>(await ctx.ledger.lookup(ctx.file.agency, recordIds));
  const issues: RowIssue[] = [];
  const entries: LedgerEntry[] = [];
  const outbound: OutboundRecord[] = [];
  const counts = { published: 0, unchanged: 0, refused: 0 };
  const columnOf = mapper.columnOf.bind(mapper);
  const permitCtx = { agencyId: ctx.file.agency };
  for (const { row, record, issues: rowIssues } of mapped) {
    if (rowIssues.length > 0) {
      issues.push(...allIssuesOf(row, record, rowIssues, permitCtx, columnOf));
      counts.refused += 1;
      continue;
    }
    const outcome = decideRow(row, record, known.get(record.recordId), permitCtx, columnOf);
    if (outcome.kind === 'refused') {
      issues.push(...outcome.issues);
      counts.refused += 1;
      continue;
    }
    if (outcome.entry) {
      entries.push(outcome.entry);
      known.set(record.recordId, outcome.entry);
    }
    if (outcome.kind === 'unchanged') {
      counts.unchanged += 1;
      continue;
    }
    counts.published += 1;
    if (!ctx.deps.publishing) continue;
    outbound.push(...signPermitEvents(outcome.events, ctx.deps.publishing.key).map((event) => ({ event, key: record.recordId })));
  }
  // The report's lines first, then Kafka, then the ledger: a kill between them repeats the batch,
  // whose events are then duplicates (same ids) and whose report lines the resumed run drops first.
  ctx.report.append(issues);
  await ctx.deps.publishing?.publisher.publish(outbound);
  const last = rows[rows.length - 1];
  const progress: ImportProgress = {
    lastRow: last ? last.row : ctx.progress.lastRow,
    read: ctx.progress.read + rows.length,
    published: ctx.progress.published + counts.published,
    unchanged: ctx.progress.unchanged + counts.unchanged,
    refused: ctx.progress.refused + counts.refused,
  };
  await ctx.ledger.commitBatch(ctx.file, entries, progress);
  return progress;
}

/** The ledger as a dry run uses it: looked up, never written. */
function readOnly(ledger: ImportLedger): ImportLedger {
  return {
    begin: () => Promise.resolve(NOT_BEGUN),
    lookup: (agency, recordIds) => ledger.lookup(agency, recordIds),
    commitBatch: () => Promise.resolve(),
    finish: () => Promise.resolve(),
  };
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
