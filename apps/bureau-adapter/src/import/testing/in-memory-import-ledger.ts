import type { PublishedEvent } from '../../capture/sync-ports.js';
import { NOT_BEGUN, type ImportFile, type ImportLedger, type ImportProgress, type LedgerEntry } from '../ledger/import-ledger.js';

/** The import ledger in memory, as the repository behaves, for unit specs. */
export class InMemoryImportLedger implements ImportLedger {
  readonly entries = new Map<string, LedgerEntry>();
  readonly runs = new Map<string, ImportProgress & { finished: boolean }>();
  /** The published events recorded, by event id. */
  readonly events = new Map<string, PublishedEvent>();

  begin(file: ImportFile): Promise<ImportProgress & { resumed: boolean }> {
    const run = this.runs.get(file.fileHash);
    if (run && !run.finished) return Promise.resolve({ ...run, resumed: true });
    this.runs.set(file.fileHash, { ...NOT_BEGUN, finished: false });
    return Promise.resolve(NOT_BEGUN);
  }

  lookup(agency: string, recordIds: readonly string[]): Promise<ReadonlyMap<string, LedgerEntry>> {
    const found = recordIds.flatMap((id) => {
      const entry = this.entries.get(`${agency}/${id}`);
      return entry ? [[id, entry] as const] : [];
    });
    return Promise.resolve(new Map(found));
  }

  commitBatch(
    file: ImportFile,
    entries: readonly LedgerEntry[],
    progress: ImportProgress,
    events: readonly PublishedEvent[],
  ): Promise<void> {
    for (const event of events) if (!this.events.has(event.eventId)) this.events.set(event.eventId, event);
    for (const entry of entries) {
      const key = `${file.agency}/${entry.recordId}`;
      if ((this.entries.get(key)?.version ?? 0) <= entry.version) this.entries.set(key, entry);
    }
    this.runs.set(file.fileHash, { ...progress, finished: false });
    return Promise.resolve();
  }

  finish(file: ImportFile): Promise<void> {
    const run = this.runs.get(file.fileHash);
    if (run) this.runs.set(file.fileHash, { ...run, finished: true });
    return Promise.resolve();
  }
}
