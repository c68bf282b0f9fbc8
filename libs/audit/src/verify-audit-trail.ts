import type { KeyObject } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { forEachRow, readAlgorithm, readAnchors, readCheckpoints, type AuditRowSource, type AuditSql } from './audit-store.js';
import { GENESIS_HASH, type AuditHashAlgorithm } from './canonical-encoding.js';
import { waitingAuditLeaves } from './seal-audit-leaves.js';
import { publicKeysById } from './signing.js';
import type { AuditProblem } from './verify/audit-problem.js';
import { checkAnchorSignature } from './verify/check-signatures.js';
import { diagnose } from './verify/diagnose-row.js';
import { ChainWalk, type ChainProgress } from './verify/walk-chain.js';

export type { AuditProblem, AuditProblemKind } from './verify/audit-problem.js';

export interface AuditVerificationReport {
  readonly ok: boolean;
  readonly problem: AuditProblem | null;
  readonly algorithm: AuditHashAlgorithm;
  readonly scope: AuditRowSource;
  /** The seq verification started from (1, or the row after the newest archive anchor). */
  readonly startSeq: number;
  readonly anchor: { readonly throughSeq: number; readonly hash: string; readonly at: string } | null;
  readonly rowsChecked: number;
  readonly lastSeq: number | null;
  readonly checkpointsVerified: number;
  /** The last seq covered by a verified checkpoint, and that row's hash (hex): where a later walk may resume (`resumeAfter`). */
  readonly sealedThroughSeq: number | null;
  readonly sealedThroughHash: string | null;
  /** Rows after the last checkpoint: protected by the chain only, so deleting them from the end goes unseen. */
  readonly unsealedRows: number;
  /**
   * Audit leaves appended but not yet sealed into the chain (the audit role seals them every
   * AUDIT_SEAL_EVERY_MS): protected by their table's guards only, and not verified here.
   */
  readonly leavesWaiting: number;
  /** How old the oldest waiting leaf is, in ms (null when none wait); well above AUDIT_SEAL_EVERY_MS means no sequencer runs. */
  readonly oldestLeafAgeMs: number | null;
  readonly durationMs: number;
}

export interface VerifyAuditOptions {
  /** The hub's Ed25519 public keys, current and earlier (private keys are accepted too). */
  readonly publicKeys: readonly KeyObject[];
  /** Also walk `audit_archive`, from seq 1 (and check each anchor against its row). Default: live rows from the newest anchor. */
  readonly includeArchive?: boolean;
  /** Stop after this seq (archiving checks the part it moves). */
  readonly throughSeq?: number;
  /**
   * Walk only the rows after this one, linking the first to its hash: the seq and hash a verified
   * walk reported as `sealedThroughSeq`/`sealedThroughHash` (the end of a checkpoint, so no
   * checkpoint straddles the start). The rows up to it are trusted as that walk found them: an
   * edit there is found by the next walk from the start, not by this one. Ignored with
   * `includeArchive`, and when an archive anchor lies at or beyond it (the walk then starts there).
   */
  readonly resumeAfter?: { readonly seq: number; readonly hash: Buffer };
  readonly pageSize?: number;
  /** Awaited between pages of rows (a background walk paces itself with it). */
  readonly betweenPages?: () => Promise<void>;
}

const MAX_SEQ = Number.MAX_SAFE_INTEGER;

/**
 * Walks the audit trail in seq order, re-deriving every hash from the row's content and checking
 * every checkpoint's Merkle root and Ed25519 signature, and reports the first problem with its seq
 * and kind. Given a DataSource, it reads one consistent snapshot (a read-only REPEATABLE READ
 * transaction); given an EntityManager, it reads in the caller's transaction.
 */
export async function verifyAuditTrail(db: DataSource | EntityManager, options: VerifyAuditOptions): Promise<AuditVerificationReport> {
  if (db instanceof DataSource) {
    return db.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      return verifyWith(manager, options);
    });
  }
  return verifyWith(db, options);
}

/** Reads the anchors and checkpoints, checks the anchors, then walks the rows through a ChainWalk (diagnosing a tampered row). */
async function verifyWith(db: AuditSql, options: VerifyAuditOptions): Promise<AuditVerificationReport> {
  const started = performance.now();
  const keys = publicKeysById(options.publicKeys);
  const scope: AuditRowSource = options.includeArchive ? 'with-archive' : 'live';
  const through = options.throughSeq ?? MAX_SEQ;
  const pageSize = options.pageSize ?? 5_000;
  const algorithm = await readAlgorithm(db);
  const anchors = await readAnchors(db);
  const latestAnchor = anchors.at(-1);
  const leaves = await waitingAuditLeaves(db);
  const startAnchor = scope === 'live' ? latestAnchor : undefined;
  const resume =
    scope === 'live' && options.resumeAfter && options.resumeAfter.seq > (startAnchor?.throughSeq ?? 0) ? options.resumeAfter : undefined;
  const startSeq = resume ? resume.seq + 1 : startAnchor ? startAnchor.throughSeq + 1 : 1;
  const report = (problem: AuditProblem | null, progress: ChainProgress | undefined): AuditVerificationReport => {
    const { rowsChecked = 0, lastSeq = null, checkpointsVerified = 0 } = progress ?? {};
    // A walk that resumed and sealed nothing new is still sealed through where it started.
    const sealedThroughSeq = progress?.sealedThroughSeq ?? (resume ? resume.seq : null);
    const sealedThroughHash = progress?.sealedThroughHash ?? (resume ? resume.hash : null);
    return {
      ok: problem === null,
      problem,
      algorithm,
      scope,
      startSeq,
      anchor: latestAnchor
        ? { throughSeq: latestAnchor.throughSeq, hash: latestAnchor.lastHash.toString('hex'), at: latestAnchor.at }
        : null,
      rowsChecked,
      lastSeq,
      checkpointsVerified,
      sealedThroughSeq,
      sealedThroughHash: sealedThroughHash?.toString('hex') ?? null,
      unsealedRows: lastSeq === null ? 0 : lastSeq - (sealedThroughSeq ?? startSeq - 1),
      leavesWaiting: leaves.waiting,
      oldestLeafAgeMs: leaves.oldestAgeMs,
      durationMs: Math.round(performance.now() - started),
    };
  };

  // Anchors first: the live walk starts from the newest one, so it must be genuine.
  for (const anchor of scope === 'live' ? anchors.slice(-1) : anchors) {
    const invalid = checkAnchorSignature(anchor, algorithm, keys);
    if (invalid) return report(invalid, undefined);
  }
  const walk = new ChainWalk({
    algorithm,
    keys,
    startSeq,
    prevHash: resume ? resume.hash : startAnchor ? startAnchor.lastHash : GENESIS_HASH,
    checkpoints: (await readCheckpoints(db, startSeq)).filter((cp) => cp.firstSeq <= through),
    anchors,
  });
  let problem: AuditProblem | null = null;
  await forEachRow(
    db,
    scope,
    startSeq - 1,
    through,
    pageSize,
    async (row) => {
      const step = walk.visit(row);
      if (step.kind === 'ok') return true;
      problem = step.kind === 'problem' ? step.problem : await diagnose(db, scope, algorithm, row, step.linked, pageSize);
      return false;
    },
    options.betweenPages,
  );
  return report(problem ?? walk.finish(options.throughSeq), walk.progress);
}

/** A short human-readable account of a report, for logs and the CLI. */
export function describeAuditReport(report: AuditVerificationReport): string {
  const lines = [
    report.ok ? 'Audit trail intact.' : `Audit trail TAMPERED: ${report.problem?.kind} at seq ${report.problem?.seq}`,
    ...(report.problem ? [`  ${report.problem.message}`] : []),
    `  scope: ${report.scope === 'live' ? 'live rows' : 'archive and live rows'}, hash ${report.algorithm}, from seq ${report.startSeq}` +
      (report.anchor ? ` (archive anchor through ${report.anchor.throughSeq}, ${report.anchor.at})` : ''),
    `  rows checked: ${report.rowsChecked}${report.lastSeq === null ? '' : `, last seq ${report.lastSeq}`}`,
    `  checkpoints verified: ${report.checkpointsVerified}${report.sealedThroughSeq === null ? '' : `, sealed through seq ${report.sealedThroughSeq}`}`,
    `  rows after the last checkpoint (chain only): ${report.unsealedRows}`,
    `  leaves waiting to be sealed (table guards only): ${report.leavesWaiting}` +
      (report.oldestLeafAgeMs === null ? '' : `, the oldest ${report.oldestLeafAgeMs} ms old`),
    `  took ${report.durationMs} ms`,
  ];
  return lines.join('\n');
}
