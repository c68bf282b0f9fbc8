import type { PublishedEvent } from '../../capture/sync-ports.js';
import type { PermitRecord } from '../../permits/permit-record.js';

/** What the ledger holds of a record: the version last published, its content hash, the record itself. */
export interface LedgerEntry {
  readonly recordId: string;
  readonly version: number;
  readonly contentHash: string;
  readonly record: PermitRecord;
}

/** How far an import of one file has come, and its counts so far. */
export interface ImportProgress {
  /** The last row whose events Kafka acknowledged (or that needed none); 0 before the first. */
  readonly lastRow: number;
  readonly read: number;
  readonly published: number;
  readonly unchanged: number;
  readonly refused: number;
}

/** The file being imported, by the SHA-256 of its bytes (its name is only for people). */
export interface ImportFile {
  readonly agency: string;
  readonly fileHash: string;
  readonly fileName: string;
}

/**
 * The import's own state (see CreateImportLedger1764740000000): what was published per record, and
 * per file the last acknowledged row. `commitBatch` writes both at once, after Kafka acknowledged
 * the batch's events, so a kill at any moment leaves a state the next run resumes from.
 */
export interface ImportLedger {
  /** Starts an import of `file`, or resumes the unfinished one; a finished file starts again from the top. */
  begin(file: ImportFile): Promise<ImportProgress & { readonly resumed: boolean }>;
  /** The entries of these records, by record id. */
  lookup(agency: string, recordIds: readonly string[]): Promise<ReadonlyMap<string, LedgerEntry>>;
  /**
   * Records `entries` as published, the file's progress as `progress` and the events Kafka took in
   * the adapter's record of published events (where the hub's answers find their record), in one
   * transaction.
   */
  commitBatch(
    file: ImportFile,
    entries: readonly LedgerEntry[],
    progress: ImportProgress,
    events: readonly PublishedEvent[],
  ): Promise<void>;
  finish(file: ImportFile): Promise<void>;
}

/** The progress of an import that has not begun. */
export const NOT_BEGUN: ImportProgress & { readonly resumed: false } = {
  lastRow: 0,
  read: 0,
  published: 0,
  unchanged: 0,
  refused: 0,
  resumed: false,
};

/** A ledger that knows nothing and keeps nothing: for a dry run without the adapter's database. */
export const EMPTY_LEDGER: ImportLedger = {
  begin: () => Promise.resolve(NOT_BEGUN),
  lookup: () => Promise.resolve(new Map()),
  commitBatch: () => Promise.resolve(),
  finish: () => Promise.resolve(),
};
