import type { DataSource, EntityManager } from 'typeorm';
import type { CapturedKind } from './bureau-changes.js';
import type { SnapshotProgress } from './fold-changes.js';
import { recordPublishedEvents } from './record-published-events.js';
import type { LocalRefusal, PublishedEvent, PublishedRecord, RecordChange } from './sync-ports.js';

/** The capture source the store's rows are about (one bureau database per adapter). */
const SOURCE = 'bureau';

/** Where one kind's snapshot stands. */
export interface SnapshotState {
  readonly status: 'running' | 'done';
  /** The highest id of the bureau's table the snapshot has published. */
  readonly afterId: string;
}

/** Each kind's tables in the store: its snapshot, and each record as last published. */
const TABLES: Record<CapturedKind, { snapshot: string; afterId: string; count: string; published: string }> = {
  permit: { snapshot: 'bureau_sync.snapshot', afterId: 'after_permit_id', count: 'permits', published: 'bureau_sync.published_permit' },
  application: {
    snapshot: 'bureau_sync.application_snapshot',
    afterId: 'after_application_id',
    count: 'applications',
    published: 'bureau_sync.published_application',
  },
};

/** What one published batch leaves in the store, written in one transaction. */
export interface SyncCommit {
  readonly position: bigint;
  /** Each record's newest version sent. */
  readonly records: readonly Pick<RecordChange, 'kind' | 'record'>[];
  readonly events: readonly PublishedEvent[];
  readonly refusals: readonly LocalRefusal[];
  readonly snapshot?: SnapshotProgress;
}

/** The adapter's own store (`bureau_sync`): position, each kind's snapshot progress, published records and events, refusals. */
export class SyncStore {
  constructor(private readonly db: DataSource) {}

  /** The last change number published, or undefined before the first start. */
  async position(): Promise<bigint | undefined> {
    const rows: { last_seq: string }[] = await this.db.query('SELECT last_seq FROM bureau_sync.capture_position WHERE source = $1', [
      SOURCE,
    ]);
    return rows[0] ? BigInt(rows[0].last_seq) : undefined;
  }

  /** Where the snapshot of `kind` stands; undefined before it started. */
  async snapshot(kind: CapturedKind): Promise<SnapshotState | undefined> {
    const { snapshot, afterId } = TABLES[kind];
    const rows: { status: SnapshotState['status']; after_id: string }[] = await this.db.query(
      `SELECT status, ${afterId} AS after_id FROM ${snapshot} WHERE source = $1`,
      [SOURCE],
    );
    return rows[0] && { status: rows[0].status, afterId: rows[0].after_id };
  }

  /** First start: the stream is read from `position` on, and each kind's snapshot takes everything committed up to it. */
  async begin(position: bigint): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO bureau_sync.capture_position (source, last_seq) VALUES ($1, $2)', [SOURCE, position.toString()]);
      for (const kind of ['permit', 'application'] as const) await startSnapshot(tx, kind);
    });
  }

  /**
   * Starts the snapshot of `kind` if it never started (a store that captured permits before
   * applications were captured): it takes the records as they are when it reads them, and the
   * changes from the position on come through the stream as ever.
   */
  async startSnapshot(kind: CapturedKind): Promise<void> {
    await startSnapshot(this.db.manager, kind);
  }

  /** Each record's last published version, by record id (either kind). */
  async published(recordIds: readonly string[]): Promise<Map<string, PublishedRecord>> {
    const rows: { record_id: string; record: PublishedRecord }[] = await this.db.query(
      `SELECT record_id, record FROM bureau_sync.published_permit WHERE record_id = ANY($1)
       UNION ALL SELECT record_id, record FROM bureau_sync.published_application WHERE record_id = ANY($1)`,
      [recordIds],
    );
    return new Map(rows.map((row) => [row.record_id, row.record]));
  }

  /** Records what a batch published and moves the position past it, all or nothing. */
  async commit(batch: SyncCommit): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const { kind, record } of batch.records) {
        const table = TABLES[kind].published;
        await tx.query(
          `INSERT INTO ${table} (record_id, version, record) VALUES ($1, $2, $3)
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
      if (batch.snapshot) await recordSnapshotProgress(tx, batch.snapshot);
    });
  }
}

async function startSnapshot(tx: EntityManager, kind: CapturedKind): Promise<void> {
  await tx.query(`INSERT INTO ${TABLES[kind].snapshot} (source, status) VALUES ($1, 'running') ON CONFLICT (source) DO NOTHING`, [SOURCE]);
}

async function recordSnapshotProgress(tx: EntityManager, progress: SnapshotProgress): Promise<void> {
  const { snapshot, afterId, count } = TABLES[progress.kind];
  await tx.query(
    `UPDATE ${snapshot} SET ${afterId} = $2, chunks = chunks + 1, ${count} = ${count} + $3,
       status = CASE WHEN $4 THEN 'done' ELSE status END, finished_at = CASE WHEN $4 THEN now() END
     WHERE source = $1`,
    [SOURCE, progress.afterId, progress.records, progress.done],
  );
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
