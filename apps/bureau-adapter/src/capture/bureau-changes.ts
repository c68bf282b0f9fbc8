import type pg from 'pg';
import type { ApplicationDocument } from '../applications/application-document.js';
import type { PermitDocument } from './permit-document.js';

/** The kinds of the bureau's records change capture publishes. */
export type CapturedKind = 'permit' | 'application';

/** A record of the bureau as capture reads it: its kind, its id in the bureau's table, and its document (null: deleted). */
export type CapturedRecord =
  | { readonly kind: 'permit'; readonly id: string; readonly document: PermitDocument | null }
  | { readonly kind: 'application'; readonly id: string; readonly document: ApplicationDocument | null };

/** One row of `hub_capture.change`: a record as a committed transaction left it, or a snapshot watermark. */
export type CapturedChange =
  | (CapturedRecord & { readonly seq: bigint })
  | { readonly seq: bigint; readonly kind: 'watermark'; readonly chunk: string; readonly edge: 'low' | 'high' };

interface ChangeRow {
  seq: string;
  kind: CapturedKind | 'watermark';
  permit_id: string | null;
  application_id: string | null;
  document: (PermitDocument & ApplicationDocument & { chunk?: string; edge?: 'low' | 'high' }) | null;
}

/** Where each kind's snapshot reads: its table, id column and document function. */
const SNAPSHOT_READ: Record<CapturedKind, string> = {
  permit: `SELECT permit_id::text AS id, hub_capture.permit_document(permit_id) AS document FROM fwp.permit
           WHERE permit_id > $1 ORDER BY permit_id LIMIT $2`,
  application: `SELECT application_id::text AS id, hub_capture.application_document(application_id) AS document FROM fwp.application
                WHERE application_id > $1 ORDER BY application_id LIMIT $2`,
};

/** The adapter's reads and writes in the bureau's database: the capture table, watermarks, snapshot chunks. */
export class BureauChanges {
  constructor(private readonly pool: pg.Pool) {}

  /** Changes numbered after `afterSeq`, in commit order. */
  async read(afterSeq: bigint, limit: number): Promise<CapturedChange[]> {
    const { rows } = await this.pool.query<ChangeRow>(
      'SELECT seq, kind, permit_id, application_id, document FROM hub_capture.change WHERE seq > $1 ORDER BY seq LIMIT $2',
      [afterSeq.toString(), limit],
    );
    return rows.map(changeOf);
  }

  /** The highest number committed so far (0 when none): every change up to it is visible to a read that starts now. */
  async lastSeq(): Promise<bigint> {
    const { rows } = await this.pool.query<{ seq: string }>('SELECT coalesce(max(seq), 0) AS seq FROM hub_capture.change');
    return BigInt(rows[0]?.seq ?? 0);
  }

  /** Writes a snapshot watermark; it enters the change stream in commit order like any change. */
  async writeWatermark(chunk: string, edge: 'low' | 'high'): Promise<void> {
    await this.pool.query('INSERT INTO hub_capture.watermark (chunk, edge) VALUES ($1, $2)', [chunk, edge]);
  }

  /** Up to `limit` records of `kind` with ids above `afterId`, in id order, as they are now. */
  async readChunk(kind: CapturedKind, afterId: string, limit: number): Promise<CapturedRecord[]> {
    const { rows } = await this.pool.query<{ id: string; document: PermitDocument & ApplicationDocument }>(SNAPSHOT_READ[kind], [
      afterId,
      limit,
    ]);
    return rows.map((row) => ({ kind, id: row.id, document: row.document }));
  }

  /** Deletes captured changes the adapter has published (up to and including `seq`), and old watermarks. */
  async prune(seq: bigint): Promise<void> {
    await this.pool.query('DELETE FROM hub_capture.change WHERE seq <= $1', [seq.toString()]);
    await this.pool.query("DELETE FROM hub_capture.watermark WHERE written_at < now() - interval '1 day'");
  }
}

function changeOf(row: ChangeRow): CapturedChange {
  const seq = BigInt(row.seq);
  if (row.kind === 'watermark') return { seq, kind: 'watermark', chunk: row.document?.chunk ?? '', edge: row.document?.edge ?? 'low' };
  if (row.kind === 'application') return { seq, kind: 'application', id: row.application_id ?? '', document: row.document };
  return { seq, kind: 'permit', id: row.permit_id ?? '', document: row.document };
}
