import { createHash } from 'node:crypto';
import { ValidationFailedError, validateEvent } from '@hub/contracts';
import { permitEvents, type PermitEvent, type PermitEventContext } from '../permits/permit-events.js';
import type { PermitRecord } from '../permits/permit-record.js';
import type { LedgerEntry } from './ledger/import-ledger.js';
import { contractIssues } from './mapping/contract-issues.js';
import type { MappedField } from './mapping/import-mapping.js';
import type { RowIssue } from './read/source-row.js';

/** What becomes of one mapped row. */
export type RowOutcome =
  | { readonly kind: 'publish'; readonly entry: LedgerEntry; readonly events: readonly PermitEvent[] }
  /** Nothing to send: the same version is published already, or the new version changes nothing an event carries. */
  | { readonly kind: 'unchanged'; readonly entry?: LedgerEntry }
  | { readonly kind: 'refused'; readonly issues: readonly RowIssue[] };

/** The content hash the ledger keeps of a record: SHA-256 of its JSON (the mapper builds it in one member order). */
export function contentHashOf(record: PermitRecord): string {
  return createHash('sha256').update(JSON.stringify(record)).digest('hex');
}

/**
 * Decides a row against what the ledger knows of its record: unchanged when the same version with
 * the same content was published; refused when that version (or a later one) was published with
 * other content, or when any of its events breaks its contract (none of them is sent then);
 * otherwise its events, from the known version when there is one (a change, not a second issue).
 */
export function decideRow(
  row: number,
  record: PermitRecord,
  known: LedgerEntry | undefined,
  ctx: PermitEventContext,
  columnOf: (field: MappedField) => string,
): RowOutcome {
  const contentHash = contentHashOf(record);
  if (known && known.version === record.version && known.contentHash === contentHash) return { kind: 'unchanged' };
  if (known && record.version <= known.version) {
    return {
      kind: 'refused',
      issues: [
        {
          row,
          column: columnOf('version'),
          rule: 'versionNewer',
          messageZh: `记录 ${record.recordId} 的第 ${known.version} 版已发布且内容不同；修改后的记录须使用更高的版本号`,
          messageEn: `record ${record.recordId} was published at version ${known.version} with other content; a changed record needs a higher version`,
        },
      ],
    };
  }
  const events = permitEvents(record, known?.record, ctx);
  const issues = events.flatMap((event) => issuesOf(row, event, columnOf));
  if (issues.length > 0) return { kind: 'refused', issues: dedupe(issues) };
  const entry: LedgerEntry = { recordId: record.recordId, version: record.version, contentHash, record };
  return events.length === 0 ? { kind: 'unchanged', entry } : { kind: 'publish', entry, events };
}

function issuesOf(row: number, event: PermitEvent, columnOf: (field: MappedField) => string): RowIssue[] {
  try {
    validateEvent(event);
    return [];
  } catch (error) {
    if (error instanceof ValidationFailedError) return contractIssues(row, error.issues, columnOf);
    throw error;
  }
}

/**
 * Every rule a row breaks: the mapper's (a date that is none, a nationality unknown) and the
 * contracts' on the events of the record as far as it could be read, one line per column (the
 * mapper's line wins), so a bureau fixes a row once rather than once per rule.
 */
export function allIssuesOf(
  row: number,
  partial: PermitRecord,
  mapperIssues: readonly RowIssue[],
  ctx: PermitEventContext,
  columnOf: (field: MappedField) => string,
): RowIssue[] {
  const flagged = new Set(mapperIssues.map(({ column }) => column));
  const contract = permitEvents(partial, undefined, ctx).flatMap((event) => issuesOf(row, event, columnOf));
  return dedupe([...mapperIssues, ...contract.filter(({ column }) => !flagged.has(column))]);
}

/** The issued event and its end both carry the holder: one line per column and rule is enough. */
function dedupe(issues: readonly RowIssue[]): RowIssue[] {
  const seen = new Set<string>();
  return issues.filter(({ column, rule }) => !seen.has(`${column} ${rule}`) && seen.add(`${column} ${rule}`));
}
