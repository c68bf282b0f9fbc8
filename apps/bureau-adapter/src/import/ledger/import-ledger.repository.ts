import type { DataSource } from 'typeorm';
import { recordPublishedEvents } from '../../capture/record-published-events.js';
import type { PublishedEvent } from '../../capture/sync-ports.js';
import type { PermitRecord } from '../../permits/permit-record.js';
import { NOT_BEGUN, type ImportFile, type ImportLedger, type ImportProgress, type LedgerEntry } from './import-ledger.js';

interface RunRow {
  last_row: number;
  read: number;
  published: number;
  unchanged: number;
  refused: number;
  finished: boolean;
}

/** The import ledger in the bureau adapter's PostgreSQL database. */
export class ImportLedgerRepository implements ImportLedger {
  constructor(private readonly db: DataSource) {}

  async begin({ agency, fileHash, fileName }: ImportFile): Promise<ImportProgress & { resumed: boolean }> {
    const [run] = await this.db.query<RunRow[]>(
      `SELECT last_row, read, published, unchanged, refused, finished_at IS NOT NULL AS finished
         FROM bureau_import_runs WHERE agency = $1 AND file_hash = $2`,
      [agency, fileHash],
    );
    if (run && !run.finished) {
      return {
        lastRow: run.last_row,
        read: run.read,
        published: run.published,
        unchanged: run.unchanged,
        refused: run.refused,
        resumed: true,
      };
    }
    await this.db.query(
      `INSERT INTO bureau_import_runs (agency, file_hash, file_name) VALUES ($1, $2, $3)
       ON CONFLICT (agency, file_hash) DO UPDATE SET file_name = excluded.file_name, last_row = 0, read = 0, published = 0,
         unchanged = 0, refused = 0, started_at = now(), updated_at = now(), finished_at = NULL`,
      [agency, fileHash, fileName],
    );
    return NOT_BEGUN;
  }

  async lookup(agency: string, recordIds: readonly string[]): Promise<ReadonlyMap<string, LedgerEntry>> {
    if (recordIds.length === 0) return new Map();
    const rows = await this.db.query<{ record_id: string; version: number; content_hash: string; record: PermitRecord }[]>(
      'SELECT record_id, version, content_hash, record FROM bureau_import_ledger WHERE agency = $1 AND record_id = ANY($2::text[])',
      [agency, recordIds],
    );
    return new Map(
      rows.map((row) => [
        row.record_id,
        { recordId: row.record_id, version: row.version, contentHash: row.content_hash, record: row.record },
      ]),
    );
  }

  async commitBatch(
    { agency, fileHash }: ImportFile,
    entries: readonly LedgerEntry[],
    progress: ImportProgress,
    events: readonly PublishedEvent[],
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (entries.length > 0) {
        // A newer version already in the ledger (from a later file) is never overwritten by an older one.
        await tx.query(
          `INSERT INTO bureau_import_ledger (agency, record_id, version, content_hash, record, file_hash)
           SELECT $1, e.record_id, e.version, e.content_hash, e.record, $2
             FROM jsonb_to_recordset($3::jsonb) AS e(record_id text, version integer, content_hash text, record jsonb)
           ON CONFLICT (agency, record_id) DO UPDATE SET version = excluded.version, content_hash = excluded.content_hash,
             record = excluded.record, file_hash = excluded.file_hash, published_at = now()
           WHERE bureau_import_ledger.version <= excluded.version`,
          [
            agency,
            fileHash,
            JSON.stringify(
              entries.map((entry) => ({
                record_id: entry.recordId,
                version: entry.version,
                content_hash: entry.contentHash,
                record: entry.record,
              })),
            ),
          ],
        );
      }
      await recordPublishedEvents(tx, events);
      await tx.query(
        `UPDATE bureau_import_runs SET last_row = $3, read = $4, published = $5, unchanged = $6, refused = $7, updated_at = now()
          WHERE agency = $1 AND file_hash = $2`,
        [agency, fileHash, progress.lastRow, progress.read, progress.published, progress.unchanged, progress.refused],
      );
    });
  }

  async finish({ agency, fileHash }: ImportFile): Promise<void> {
    await this.db.query('UPDATE bureau_import_runs SET finished_at = now(), updated_at = now() WHERE agency = $1 AND file_hash = $2', [
      agency,
      fileHash,
    ]);
  }
}
