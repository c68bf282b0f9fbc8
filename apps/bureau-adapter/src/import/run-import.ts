import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { prepareBatch, sendBatch } from './import-batch.js';
import type { ImportDependencies } from './import-dependencies.js';
import { ImportProgressBar, type ImportCounts } from './import-progress.js';
import { NOT_BEGUN, type ImportFile, type ImportLedger, type ImportProgress, type LedgerEntry } from './ledger/import-ledger.js';
import { planColumns } from './mapping/column-plan.js';
import type { ImportMapping } from './mapping/import-mapping.js';
import { RowMapper } from './mapping/map-row.js';
import { openRows } from './read/open-rows.js';
import type { SourceRow } from './read/source-row.js';
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
  // One batch is sent (report, Kafka, ledger) while the next is prepared (mapped, checked, signed);
  // batches are sent one after the other, so the ledger's last row only ever moves forward.
  let sending: Promise<ImportProgress> | undefined;
  let inFlight: ReadonlyMap<string, LedgerEntry> = new Map();
  const flush = async (): Promise<void> => {
    mapper ??= new RowMapper(request.mapping, planColumns(request.mapping, source.headers(), request.file), {
      workRegion: request.defaultRegion,
    });
    const prepared = await prepareBatch(batch, mapper, { deps, ledger, file }, inFlight);
    batch = [];
    if (sending) progress = await sending;
    inFlight = prepared.entries;
    sending = sendBatch(prepared, { deps, ledger, file, report }, progress);
    sending.catch(() => undefined); // awaited before the next batch or at the end, which rethrows
    bar.update(source.bytesRead(), progress);
  };
  for await (const row of source.rows()) {
    if (row.row <= begun.lastRow) continue;
    batch.push(row);
    if (batch.length >= request.batchRows) await flush();
  }
  if (batch.length > 0) await flush();
  if (sending) progress = await sending;
  await ledger.finish(file);
  bar.finish(source.bytesRead(), progress);
  const { read, published, unchanged, refused } = progress;
  return { read, published, unchanged, refused, resumed: begun.resumed, seconds: (Date.now() - startedAt) / 1000 };
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
