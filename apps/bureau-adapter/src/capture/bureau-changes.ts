import type pg from 'pg';
import type { PermitDocument } from './permit-document.js';

/** One row of `hub_capture.change`: a permit as a committed transaction left it, or a snapshot watermark. */
export type CapturedChange =
  | { readonly seq: bigint; readonly kind: 'permit'; readonly permitId: string; readonly document: PermitDocument | null }
  | { readonly seq: bigint; readonly kind: 'watermark'; readonly chunk: string; readonly edge: 'low' | 'high' };

interface ChangeRow {
  seq: string;
  kind: 'permit' | 'watermark';
  permit_id: string | null;
  document: (PermitDocument & { chunk?: string; edge?: 'low' | 'high' }) | null;
}

/** The adapter's reads and writes in the bureau's database: the capture table, watermarks, snapshot chunks. */
export class BureauChanges {
  constructor(private readonly pool: pg.Pool) {}

  /** Changes numbered after `afterSeq`, in commit order. */
  async read(afterSeq: bigint, limit: number): Promise<CapturedChange[]> {
    const { rows } = await this.pool.query<ChangeRow>(
      'SELECT seq, kind, permit_id, document FROM hub_capture.change WHERE seq > $1 ORDER BY seq LIMIT $2',
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

  /** Up to `limit` permits with ids above `afterPermitId`, in id order, as they are now. */
  async readChunk(afterPermitId: string, limit: number): Promise<{ permitId: string; document: PermitDocument }[]> {
    const { rows } = await this.pool.query<{ permit_id: string; document: PermitDocument }>(
      `SELECT permit_id, hub_capture.permit_document(permit_id) AS document FROM fwp.permit
       WHERE permit_id > $1 ORDER BY permit_id LIMIT $2`,
      [afterPermitId, limit],
    );
    return rows.map((row) => ({ permitId: row.permit_id, document: row.document }));
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
  return { seq, kind: 'permit', permitId: row.permit_id ?? '', document: row.document };
}
