import { select, toSeq, type AuditSql } from './audit-store.js';

/** What one sealing pass moved into the chain. */
export interface SealedAuditLeaves {
  /** Leaves sealed into audit_log. */
  readonly sealed: number;
  /** The seq of the last row sealed, or null when nothing waited. */
  readonly throughSeq: number | null;
}

/** Leaves sealed per transaction by default: the chain lock is held for one batch at a time. */
export const AUDIT_SEAL_BATCH_DEFAULT = 5_000;

/**
 * The sequencer's step: seals the waiting audit leaves into the hash chain (`audit_log`), oldest
 * leaf id first, in batches of `batchRows`, each batch one transaction under the chain lock
 * (another sequencer waits for the batch, then takes the next). Run it outside a transaction, so
 * each batch commits on its own; returns once a batch comes back short of full.
 */
export async function sealAuditLeaves(db: AuditSql, options: { batchRows?: number } = {}): Promise<SealedAuditLeaves> {
  const batchRows = options.batchRows ?? AUDIT_SEAL_BATCH_DEFAULT;
  if (!Number.isInteger(batchRows) || batchRows < 1 || batchRows > 2_147_483_647) {
    throw new RangeError(`sealAuditLeaves batchRows must be a positive 32-bit integer, got ${batchRows}`);
  }
  let sealed = 0;
  let throughSeq: number | null = null;
  for (;;) {
    const [batch] = await select<{ sealed: string; through_seq: string | null }>(
      db,
      'SELECT sealed::text, through_seq::text FROM hub_audit_seal_leaves($1)',
      [batchRows],
    );
    const count = toSeq(batch?.sealed ?? 0);
    sealed += count;
    if (batch?.through_seq) throughSeq = toSeq(batch.through_seq);
    if (count < batchRows) return { sealed, throughSeq };
  }
}

/**
 * How many leaves wait to be sealed, and how old the oldest is (ms; null when none wait). None on a
 * database whose schema predates the leaves, so a newer verifier still checks an older trail.
 */
export async function waitingAuditLeaves(db: AuditSql): Promise<{ waiting: number; oldestAgeMs: number | null }> {
  const [table] = await select<{ present: boolean }>(db, `SELECT to_regclass('audit_leaves') IS NOT NULL AS present`);
  if (!table?.present) return { waiting: 0, oldestAgeMs: null };
  const [row] = await select<{ waiting: number; age_ms: string | null }>(
    db,
    `SELECT count(*)::int AS waiting,
            round(extract(epoch FROM clock_timestamp() - min(l.at)) * 1000)::bigint::text AS age_ms
       FROM audit_leaves l`,
  );
  return { waiting: row?.waiting ?? 0, oldestAgeMs: row?.age_ms == null ? null : Math.max(0, Number(row.age_ms)) };
}
