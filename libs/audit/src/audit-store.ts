import { AUDIT_HASH_ALGORITHMS, auditTimeSql, type AuditHashAlgorithm, type AuditRowContent } from './canonical-encoding.js';

/**
 * Anything that runs SQL with positional parameters and resolves to the result rows: a TypeORM
 * DataSource, EntityManager or QueryRunner (for SELECT and INSERT … RETURNING statements).
 */
export interface AuditSql {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM's own signature
  query(sql: string, parameters?: any[]): Promise<unknown>;
}

/** Advisory lock keys (see also the relay's 727_001 and the migrations' 727_100). */
export const AUDIT_LOCKS = {
  /** Held until commit by whoever extends the chain (the sequencer, the archiver): one at a time. Literal in the migrations. */
  chain: 727_200,
  checkpointer: 727_201,
  archiver: 727_202,
} as const;

export async function select<T>(db: AuditSql, sql: string, parameters: unknown[] = []): Promise<T[]> {
  return (await db.query(sql, parameters)) as T[];
}

/** A stored row, as read for verification: content plus the chain columns. */
export interface StoredAuditRow extends AuditRowContent {
  readonly prevHash: Buffer;
  readonly hash: Buffer;
}

interface RawRow {
  seq: string;
  at: string;
  actor: string;
  action: string;
  purpose: string;
  event_id: string | null;
  detail: string;
  prev_hash: Buffer;
  hash: Buffer;
}

/**
 * The select list that reads rows exactly as they were hashed. It uses only PostgreSQL built-ins
 * (to_char, uuid and jsonb output), never the migration's functions, so a replaced database
 * function cannot make a tampered row look intact. Queries must ORDER BY the qualified column
 * (`stored.seq`): a bare `seq` would sort by this text output column, putting 10 before 2.
 */
const ROW_COLUMNS = `seq::text AS seq, ${auditTimeSql('at')} AS at, actor, action, purpose, event_id::text AS event_id,
  detail::text AS detail, prev_hash, hash`;

export type AuditRowSource = 'live' | 'with-archive';

/** Rows with seq in (after, through], in seq order, at most `limit`. */
export async function readRows(
  db: AuditSql,
  source: AuditRowSource,
  after: number,
  through: number,
  limit: number,
): Promise<StoredAuditRow[]> {
  const from =
    source === 'live'
      ? 'audit_log AS stored'
      : `(SELECT seq, at, actor, action, purpose, event_id, detail, prev_hash, hash FROM audit_archive
          UNION ALL SELECT seq, at, actor, action, purpose, event_id, detail, prev_hash, hash FROM audit_log) AS stored`;
  const raw = await select<RawRow>(
    db,
    `SELECT ${ROW_COLUMNS} FROM ${from} WHERE stored.seq > $1 AND stored.seq <= $2 ORDER BY stored.seq LIMIT $3`,
    [after, through, limit],
  );
  return raw.map(toStoredRow);
}

/** Calls `visit` for every row with seq in (after, through], in seq order, page by page; stops when it returns false. */
export async function forEachRow(
  db: AuditSql,
  source: AuditRowSource,
  after: number,
  through: number,
  pageSize: number,
  visit: (row: StoredAuditRow) => boolean | Promise<boolean>,
  afterPage?: () => Promise<void>,
): Promise<void> {
  let cursor = after;
  for (;;) {
    const page = await readRows(db, source, cursor, through, pageSize);
    for (const row of page) {
      if (!(await visit(row))) return;
      cursor = row.seq;
    }
    if (page.length < pageSize) return;
    await afterPage?.();
  }
}

function toStoredRow(raw: RawRow): StoredAuditRow {
  return {
    seq: toSeq(raw.seq),
    at: raw.at,
    actor: raw.actor,
    action: raw.action,
    purpose: raw.purpose,
    eventId: raw.event_id,
    detail: raw.detail,
    prevHash: raw.prev_hash,
    hash: raw.hash,
  };
}

export function toSeq(text: string | number): number {
  const seq = Number(text);
  if (!Number.isSafeInteger(seq)) throw new RangeError(`audit seq ${text} is beyond JavaScript's safe integers`);
  return seq;
}

/** A stored checkpoint. */
export interface StoredCheckpoint {
  readonly id: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly root: Buffer;
  readonly at: string;
  readonly keyId: string;
  readonly signature: Buffer;
}

export async function readCheckpoints(db: AuditSql, fromSeq: number): Promise<StoredCheckpoint[]> {
  const rows = await select<{
    id: string;
    first_seq: string;
    last_seq: string;
    root: Buffer;
    at: string;
    key_id: string;
    signature: Buffer;
  }>(
    db,
    `SELECT id::text, first_seq::text, last_seq::text, root, ${auditTimeSql('at')} AS at, key_id, signature
       FROM audit_checkpoints c WHERE c.last_seq >= $1 ORDER BY c.first_seq, c.id`,
    [fromSeq],
  );
  return rows.map((r) => ({
    id: toSeq(r.id),
    firstSeq: toSeq(r.first_seq),
    lastSeq: toSeq(r.last_seq),
    root: r.root,
    at: r.at,
    keyId: r.key_id,
    signature: r.signature,
  }));
}

/** A stored archive anchor. */
export interface StoredAnchor {
  readonly throughSeq: number;
  readonly lastHash: Buffer;
  readonly archivedRows: number;
  readonly at: string;
  readonly keyId: string;
  readonly signature: Buffer;
}

export async function readAnchors(db: AuditSql): Promise<StoredAnchor[]> {
  const rows = await select<{
    through_seq: string;
    last_hash: Buffer;
    archived_rows: string;
    at: string;
    key_id: string;
    signature: Buffer;
  }>(
    db,
    `SELECT through_seq::text, last_hash, archived_rows::text, ${auditTimeSql('at')} AS at, key_id, signature
       FROM audit_anchors a ORDER BY a.through_seq`,
  );
  return rows.map((r) => ({
    throughSeq: toSeq(r.through_seq),
    lastHash: r.last_hash,
    archivedRows: toSeq(r.archived_rows),
    at: r.at,
    keyId: r.key_id,
    signature: r.signature,
  }));
}

/** The chain's hash algorithm (audit_chain). */
export async function readAlgorithm(db: AuditSql): Promise<AuditHashAlgorithm> {
  const [row] = await select<{ algorithm: string }>(db, 'SELECT algorithm FROM audit_chain');
  const algorithm = row?.algorithm as AuditHashAlgorithm | undefined;
  if (!algorithm || !AUDIT_HASH_ALGORITHMS.includes(algorithm))
    throw new Error(`audit_chain names no known hash algorithm (${row?.algorithm})`);
  return algorithm;
}

/** The hash of row `seq` wherever it now is (log, anchor or archive); 32 zero bytes for seq 0. */
export async function hashAt(db: AuditSql, seq: number): Promise<Buffer | undefined> {
  if (seq === 0) return Buffer.alloc(32);
  const [row] = await select<{ hash: Buffer }>(
    db,
    `SELECT hash FROM audit_log WHERE seq = $1
     UNION ALL SELECT last_hash FROM audit_anchors WHERE through_seq = $1
     UNION ALL SELECT hash FROM audit_archive WHERE seq = $1
     LIMIT 1`,
    [seq],
  );
  return row?.hash;
}
