import type { OutboundRecord } from '@hub/agency-kit';
import type { PublishedEvent } from '../capture/sync-ports.js';
import { signPermitEvents } from '../permits/permit-events.js';
import { allIssuesOf, decideRow } from './decide-row.js';
import type { ImportFile, ImportLedger, ImportProgress, LedgerEntry } from './ledger/import-ledger.js';
import type { RowMapper } from './mapping/map-row.js';
import type { RowIssue, SourceRow } from './read/source-row.js';
import type { ErrorReport } from './report/error-report.js';
import type { ImportDependencies } from './import-dependencies.js';
import { linkRecordIds } from './link/link-record-ids.js';

/** A batch ready to send: its report lines, its signed events, the ledger entries they make, its counts. */
export interface PreparedBatch {
  readonly rows: number;
  readonly lastRow: number | undefined;
  readonly issues: readonly RowIssue[];
  /** By record id: what the ledger will hold once the batch is committed. */
  readonly entries: ReadonlyMap<string, LedgerEntry>;
  readonly outbound: readonly OutboundRecord[];
  /** The events of `outbound`, by the record they are of: kept so the hub's answers find the record. */
  readonly events: readonly PublishedEvent[];
  readonly counts: { readonly published: number; readonly unchanged: number; readonly refused: number };
}

interface BatchContext {
  readonly deps: ImportDependencies;
  readonly ledger: ImportLedger;
  readonly file: ImportFile;
}

/**
 * Maps, decides and signs a batch without any side effect (it reads the bureau's system of record,
 * when there is one, for the record ids of its permits: see linkRecordIds). `inFlight` holds the
 * entries of the batch still being sent, which the ledger may not show yet: a record seen there is
 * judged against them.
 */
export async function prepareBatch(
  rows: readonly SourceRow[],
  mapper: RowMapper,
  ctx: BatchContext,
  inFlight: ReadonlyMap<string, LedgerEntry>,
): Promise<PreparedBatch> {
  const columnOf = mapper.columnOf.bind(mapper);
  const mapped = await linkRecordIds(
    rows.map((row) => ({ row: row.row, ...mapper.map(row) })),
    ctx.deps.bureauRecordIds,
    columnOf,
  );
  const recordIds = [...new Set(mapped.flatMap(({ record, issues }) => (issues.length === 0 ? [record.recordId] : [])))];
  const known = new Map<string, LedgerEntry>(await ctx.ledger.lookup(ctx.file.agency, recordIds));
  for (const id of recordIds) {
    const sent = inFlight.get(id);
    if (sent) known.set(id, sent);
  }
  const issues: RowIssue[] = [];
  const entries = new Map<string, LedgerEntry>();
  const outbound: OutboundRecord[] = [];
  const events: PublishedEvent[] = [];
  const counts = { published: 0, unchanged: 0, refused: 0 };
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
      entries.set(record.recordId, outcome.entry);
      known.set(record.recordId, outcome.entry);
    }
    if (outcome.kind === 'unchanged') {
      counts.unchanged += 1;
      continue;
    }
    counts.published += 1;
    if (!ctx.deps.publishing) continue;
    for (const event of signPermitEvents(outcome.events, ctx.deps.publishing.key)) {
      outbound.push({ event, key: record.recordId });
      events.push({ eventId: event.id, recordId: record.recordId, recordVersion: record.version, type: event.type });
    }
  }
  return { rows: rows.length, lastRow: rows[rows.length - 1]?.row, issues, entries, outbound, events, counts };
}

/**
 * Sends a prepared batch: the report's lines first, then Kafka, then the ledger, the events sent and
 * the file's progress in one transaction. A kill between them repeats the batch, whose events are
 * then duplicates (same ids) and whose report lines the resumed run drops first.
 */
export async function sendBatch(
  batch: PreparedBatch,
  ctx: BatchContext & { readonly report: ErrorReport },
  before: ImportProgress,
): Promise<ImportProgress> {
  ctx.report.append(batch.issues);
  await ctx.deps.publishing?.publisher.publish(batch.outbound);
  const progress: ImportProgress = {
    lastRow: batch.lastRow ?? before.lastRow,
    read: before.read + batch.rows,
    published: before.published + batch.counts.published,
    unchanged: before.unchanged + batch.counts.unchanged,
    refused: before.refused + batch.counts.refused,
  };
  await ctx.ledger.commitBatch(ctx.file, [...batch.entries.values()], progress, batch.events);
  return progress;
}
