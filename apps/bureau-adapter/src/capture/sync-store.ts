import type { DataSource, EntityManager } from 'typeorm';
import type { PermitRecord } from '../permits/permit-record.js';
import { recordPublishedEvents } from './record-published-events.js';
import type { LocalRefusal, PublishedEvent } from './sync-ports.js';

/** The capture source the store's rows are about (one bureau database per adapter). */
const SOURCE = 'bureau';

/** Where the snapshot stands. */
export interface SnapshotState {
  readonly status: 'running' | 'done';
  readonly afterPermitId: string;
}

/** What one published batch leaves in the store, written in one transaction. */
export interface SyncCommit {
  readonly position: bigint;
  readonly permits: readonly PermitRecord[];
  readonly events: readonly PublishedEvent[];
  readonly refusals: readonly LocalRefusal[];
  readonly snapshot?: { readonly afterPermitId: string; readonly permits: number; readonly done: boolean };
}

/** The adapter's own store (`bureau_sync`): position, snapshot progress, published permits and events, refusals. */
export class SyncStore {
  constructor(private readonly db: DataSource) {}

  /** The last change number published, or undefined before the first start. */
  async position(): Promise<bigint | undefined> {
    const rows: { last_seq: string }[] = await this.db.query('SELECT last_seq FROM bureau_sync.capture_position WHERE source = $1', [
      SOURCE,
    ]);
    return rows[0] ? BigInt(rows[0].last_seq) : undefined;
  }

  async snapshot(): Promise<SnapshotState | undefined> {
    const rows: { status: SnapshotState['status']; after_permit_id: string }[] = await this.db.query(
      'SELECT status, after_permit_id FROM bureau_sync.snapshot WHERE source = $1',
      [SOURCE],
    );
    return rows[0] && { status: rows[0].status, afterPermitId: rows[0].after_permit_id };
  }

  /** First start: the stream is read from `position` on, and the snapshot takes everything committed up to it. */
  async begin(position: bigint): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO bureau_sync.capture_position (source, last_seq) VALUES ($1, $2)', [SOURCE, position.toString()]);
      await tx.query(`INSERT INTO bureau_sync.snapshot (source, status) VALUES ($1, 'running')`, [SOURCE]);
    });
  }

  /** Each record's last published version, by record id. */
  async published(recordIds: readonly string[]): Promise<Map<string, PermitRecord>> {
    const rows: { record_id: string; record: PermitRecord }[] = await this.db.query(
      'SELECT record_id, record FROM bureau_sync.published_permit WHERE record_id = ANY($1)',
      [recordIds],
    );
    return new Map(rows.map((row) => [row.record_id, row.record]));
  }

  /** Records what a batch published and moves the position past it, all or nothing. */
  async commit(batch: SyncCommit): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const record of batch.permits) {
        await tx.query(
          `INSERT INTO bureau_sync.published_permit (record_id, version, record) VALUES ($1, $2, $3)
           ON CONFLICT (record_id) DO UPDATE SET version = EXCLUDED.version, record = EXCLUDED.record, published_at = now()`,
          [record.recordId, record.version, record],
        );
      }
      await recordPublishedEvents(tx, batch.events);
      for (const refusal of batch.refusals) await insertLocalRefusal(tx, refusal);
      await tx.query('UPDATE bureau_sync.capture_position SET last_seq = $2, updated_at = now() WHERE source = $1', [
        SOURCE,
        batch.position.toString(),
      ]);
      if (batch.snapshot) {
        await tx.query(
          `UPDATE bureau_sync.snapshot SET after_permit_id = $2, chunks = chunks + 1, permits = permits + $3,
             status = CASE WHEN $4 THEN 'done' ELSE status END, finished_at = CASE WHEN $4 THEN now() END
           WHERE source = $1`,
          [SOURCE, batch.snapshot.afterPermitId, batch.snapshot.permits, batch.snapshot.done],
        );
      }
    });
  }
}

async function insertLocalRefusal(tx: EntityManager, refusal: LocalRefusal): Promise<void> {
  await tx.query(
    `INSERT INTO bureau_sync.refusal (origin, status, event_type, record_id, record_version, code, message, message_zh, issues, refused_at)
     VALUES ('adapter', 'refused', $1, $2, $3, $4, $5, $6, $7, now())`,
    [
      refusal.eventType,
      refusal.recordId,
      refusal.recordVersion,
      refusal.code,
      refusal.message,
      refusal.messageZh,
      JSON.stringify(refusal.issues),
    ],
  );
}
