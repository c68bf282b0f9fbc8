import { createPublicKey, type KeyObject } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AUDIT_ACTIONS, systemActor, validateAuditEntry } from './audit-entry.js';
import { AuditError, AUDIT_ERROR_CODES } from './audit-errors.js';
import { AUDIT_LOCKS, readAlgorithm, select, toSeq } from './audit-store.js';
import { auditTime } from './canonical-encoding.js';
import { anchorMessage, assertEd25519, auditKeyId, signAuditStatement } from './signing.js';
import { verifyAuditTrail } from './verify-audit-trail.js';

/**
 * The Cybersecurity Law (art. 21) requires network logs to be kept for no less than six months.
 * Six calendar months are at most 184 days; the archiver also never moves a row younger than six
 * calendar months, whatever the configured days, and the database checks the same again.
 */
export const AUDIT_RETENTION_MIN_DAYS = 183;
export const AUDIT_RETENTION_DEFAULT_DAYS = 183;

/** The retention in days, checked: a whole number of days, no less than six months. */
export function auditRetentionDays(days: number = AUDIT_RETENTION_DEFAULT_DAYS): number {
  if (!Number.isInteger(days) || days < AUDIT_RETENTION_MIN_DAYS) {
    throw new AuditError(
      AUDIT_ERROR_CODES.retentionTooShort,
      `Audit retention of ${days} days refused: the Cybersecurity Law requires keeping logs at least six months (${AUDIT_RETENTION_MIN_DAYS} days).`,
      { days },
    );
  }
  return days;
}

export interface ArchiveAuditOptions {
  /** The hub's Ed25519 private key; signs the anchor. */
  readonly signingKey: KeyObject;
  /** Earlier public keys, to verify older checkpoints before archiving their rows. */
  readonly publicKeys?: readonly KeyObject[];
  /** Default 183; less than six months is refused. */
  readonly retentionDays?: number;
  /** Recorded on the `audit.archived` row (default system:audit-archiver). */
  readonly actor?: string;
  /** Recorded on the `audit.archived` row (default retention:cybersecurity-law-21). */
  readonly purpose?: string;
}

export interface AuditArchiveResult {
  readonly archivedRows: number;
  /** The anchor's seq: the last archived row; the live chain now starts after it. */
  readonly throughSeq: number | null;
}

/**
 * Moves the rows older than the retention into `audit_archive`, whole checkpoints at a time, after
 * verifying them, and records a signed anchor (the last archived row's seq and hash) that
 * verification of the remaining rows starts from. Returns what it moved; nothing when no whole
 * checkpoint is old enough or another archiver is at work.
 */
export async function archiveAuditTrail(dataSource: DataSource, options: ArchiveAuditOptions): Promise<AuditArchiveResult> {
  const days = auditRetentionDays(options.retentionDays);
  assertEd25519(options.signingKey, 'private');
  const entry = validateAuditEntry({
    actor: options.actor ?? systemActor('audit-archiver'),
    action: AUDIT_ACTIONS.auditArchived,
    purpose: options.purpose ?? 'retention:cybersecurity-law-21',
  });
  const publicKey = createPublicKey(options.signingKey);

  return dataSource.transaction(async (manager) => {
    const [lock] = await select<{ held: boolean }>(manager, 'SELECT pg_try_advisory_xact_lock($1) AS held', [AUDIT_LOCKS.archiver]);
    if (!lock?.held) return { archivedRows: 0, throughSeq: null };
    // The last checkpoint end before the first row younger than the cutoff.
    const [boundary] = await select<{ seq: string | null }>(
      manager,
      `WITH cutoff AS (SELECT least(now() - make_interval(days => $1), now() - interval '6 months') AS at),
            archived AS (SELECT coalesce(max(through_seq), 0) AS seq FROM audit_anchors),
            young AS (SELECT min(seq) AS seq FROM audit_log, cutoff WHERE audit_log.at >= cutoff.at)
       SELECT max(c.last_seq)::text AS seq
         FROM audit_checkpoints c, archived, young
        WHERE c.last_seq > archived.seq AND c.last_seq < coalesce(young.seq, 9223372036854775807)`,
      [days],
    );
    if (!boundary?.seq) return { archivedRows: 0, throughSeq: null };
    const throughSeq = toSeq(boundary.seq);

    const report = await verifyAuditTrail(manager, { publicKeys: [publicKey, ...(options.publicKeys ?? [])], throughSeq });
    if (report.problem) {
      throw new AuditError(
        AUDIT_ERROR_CODES.chainInvalid,
        `Refusing to archive: the audit trail does not verify (${report.problem.kind} at seq ${report.problem.seq}).`,
        { kind: report.problem.kind, seq: report.problem.seq },
      );
    }
    const algorithm = await readAlgorithm(manager);
    const [row] = await select<{ hash: Buffer }>(manager, 'SELECT hash FROM audit_log WHERE seq = $1', [throughSeq]);
    if (!row)
      throw new AuditError(AUDIT_ERROR_CODES.chainInvalid, `Audit row ${throughSeq} vanished while archiving.`, { seq: throughSeq });
    const at = auditTime(new Date());
    const signature = signAuditStatement(anchorMessage({ algorithm, throughSeq, lastHash: row.hash, at }), options.signingKey);
    const [moved] = await select<{ rows: string }>(manager, 'SELECT hub_audit_archive($1, $2, $3, $4, $5, $6, $7)::text AS rows', [
      throughSeq,
      row.hash,
      at,
      auditKeyId(publicKey),
      signature,
      entry.actor,
      entry.purpose,
    ]);
    return { archivedRows: toSeq(moved?.rows ?? 0), throughSeq };
  });
}
