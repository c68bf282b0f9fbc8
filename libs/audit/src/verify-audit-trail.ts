import type { KeyObject } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  forEachRow,
  readAlgorithm,
  readAnchors,
  readCheckpoints,
  type AuditRowSource,
  type AuditSql,
  type StoredAnchor,
  type StoredAuditRow,
  type StoredCheckpoint,
} from './audit-store.js';
import { auditRowHash, GENESIS_HASH, type AuditHashAlgorithm } from './canonical-encoding.js';
import { merkleRoot } from './merkle.js';
import { anchorMessage, checkpointMessage, publicKeysById, verifyAuditSignature } from './signing.js';

/** What went wrong, at the first position where it shows. */
export type AuditProblemKind =
  /** The row's content no longer matches its hash. */
  | 'row-edited'
  /** A seq is missing: the row was deleted (in the middle, or at the end of a checkpoint's range). */
  | 'row-deleted'
  /** The row holds content (or is a whole row) that was sealed at another position. */
  | 'rows-reordered'
  /** The row's prev_hash is not its predecessor's hash, or a seq repeats: rows inserted, renumbered or relinked. */
  | 'chain-broken'
  /** A checkpoint's signature does not verify: the checkpoint was edited or forged. */
  | 'checkpoint-signature-invalid'
  /** A checkpoint was signed by a key the verifier was not given. */
  | 'checkpoint-key-unknown'
  /** The rows in a signed checkpoint's range no longer give its Merkle root: the chain was rewritten. */
  | 'checkpoint-root-mismatch'
  /** Rows lie between checkpoints or checkpoint ranges overlap: a checkpoint was deleted or inserted. */
  | 'checkpoint-missing'
  /** An archive anchor's signature does not verify, or names a key the verifier was not given. */
  | 'anchor-signature-invalid'
  /** The archived row at an anchor's seq does not have the anchor's hash. */
  | 'anchor-mismatch';

export interface AuditProblem {
  readonly kind: AuditProblemKind;
  /** The seq where the problem shows (for a checkpoint or anchor, the first seq it covers). */
  readonly seq: number;
  readonly message: string;
  readonly checkpointId?: number;
}

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
  /** The last seq covered by a verified checkpoint. */
  readonly sealedThroughSeq: number | null;
  /** Rows after the last checkpoint: protected by the chain only, so deleting them from the end goes unseen. */
  readonly unsealedRows: number;
  readonly durationMs: number;
}

export interface VerifyAuditOptions {
  /** The hub's Ed25519 public keys, current and earlier (private keys are accepted too). */
  readonly publicKeys: readonly KeyObject[];
  /** Also walk `audit_archive`, from seq 1 (and check each anchor against its row). Default: live rows from the newest anchor. */
  readonly includeArchive?: boolean;
  /** Stop after this seq (archiving checks the part it moves). */
  readonly throughSeq?: number;
  readonly pageSize?: number;
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

async function verifyWith(db: AuditSql, options: VerifyAuditOptions): Promise<AuditVerificationReport> {
  const started = performance.now();
  const keys = publicKeysById(options.publicKeys);
  const scope: AuditRowSource = options.includeArchive ? 'with-archive' : 'live';
  const through = options.throughSeq ?? MAX_SEQ;
  const pageSize = options.pageSize ?? 5_000;
  const algorithm = await readAlgorithm(db);
  const anchors = await readAnchors(db);
  const latestAnchor = anchors.at(-1);
  const startAnchor = scope === 'live' ? latestAnchor : undefined;
  const startSeq = startAnchor ? startAnchor.throughSeq + 1 : 1;

  let problem: AuditProblem | null = null;
  let rowsChecked = 0;
  let lastSeq: number | null = null;
  let checkpointsVerified = 0;
  let sealedThroughSeq: number | null = null;
  const report = (): AuditVerificationReport => ({
    ok: problem === null,
    problem,
    algorithm,
    scope,
    startSeq,
    anchor: latestAnchor ? { throughSeq: latestAnchor.throughSeq, hash: latestAnchor.lastHash.toString('hex'), at: latestAnchor.at } : null,
    rowsChecked,
    lastSeq,
    checkpointsVerified,
    sealedThroughSeq,
    unsealedRows: lastSeq === null ? 0 : lastSeq - (sealedThroughSeq ?? startSeq - 1),
    durationMs: Math.round(performance.now() - started),
  });

  // Anchors first: the live walk starts from the newest one, so it must be genuine.
  for (const anchor of scope === 'live' ? anchors.slice(-1) : anchors) {
    problem = checkAnchorSignature(anchor, algorithm, keys);
    if (problem) return report();
  }
  const anchorsBySeq = new Map(anchors.map((anchor) => [anchor.throughSeq, anchor]));

  const checkpoints = (await readCheckpoints(db, startSeq)).filter((cp) => cp.firstSeq <= through);
  let nextCheckpoint = 0;
  let open: { checkpoint: StoredCheckpoint; hashes: Buffer[] } | undefined;
  let expected = startSeq;
  let prevHash: Buffer = startAnchor ? startAnchor.lastHash : GENESIS_HASH;

  const visit = async (row: StoredAuditRow): Promise<boolean> => {
    if (row.seq < expected) {
      problem = { kind: 'chain-broken', seq: row.seq, message: `seq ${row.seq} appears twice` };
      return false;
    }
    if (row.seq > expected) {
      const missing = row.seq - expected === 1 ? `row ${expected} is` : `rows ${expected}–${row.seq - 1} are`;
      problem = { kind: 'row-deleted', seq: expected, message: `${missing} missing (the next row is ${row.seq})` };
      return false;
    }
    const linked = row.prevHash.equals(prevHash);
    const intact = linked && auditRowHash(algorithm, row.prevHash, row).equals(row.hash);
    if (!intact) {
      problem = await diagnose(db, scope, algorithm, row, linked, pageSize);
      return false;
    }
    const anchor = anchorsBySeq.get(row.seq);
    if (anchor && !anchor.lastHash.equals(row.hash)) {
      problem = { kind: 'anchor-mismatch', seq: row.seq, message: `the archive anchor at ${row.seq} names another hash than the row's` };
      return false;
    }

    if (!open) {
      const checkpoint = checkpoints[nextCheckpoint];
      if (checkpoint && checkpoint.firstSeq === row.seq) {
        problem = checkCheckpointSignature(checkpoint, algorithm, keys);
        if (problem) return false;
        open = { checkpoint, hashes: [] };
      } else if (checkpoint) {
        problem = {
          kind: 'checkpoint-missing',
          seq: row.seq,
          checkpointId: checkpoint.id,
          message:
            checkpoint.firstSeq < row.seq
              ? `checkpoint #${checkpoint.id} (${checkpoint.firstSeq}–${checkpoint.lastSeq}) overlaps the range before it`
              : `rows ${row.seq}–${checkpoint.firstSeq - 1} are covered by no checkpoint, yet later rows are`,
        };
        return false;
      }
    }
    if (open) {
      open.hashes.push(row.hash);
      if (row.seq === open.checkpoint.lastSeq) {
        const { checkpoint, hashes } = open;
        if (!merkleRoot(hashes, algorithm).equals(checkpoint.root)) {
          problem = {
            kind: 'checkpoint-root-mismatch',
            seq: checkpoint.firstSeq,
            checkpointId: checkpoint.id,
            message: `rows ${checkpoint.firstSeq}–${checkpoint.lastSeq} no longer give the Merkle root signed in checkpoint #${checkpoint.id} at ${checkpoint.at}: the chain was rewritten there`,
          };
          return false;
        }
        checkpointsVerified += 1;
        sealedThroughSeq = row.seq;
        open = undefined;
        nextCheckpoint += 1;
      }
    }

    rowsChecked += 1;
    lastSeq = row.seq;
    prevHash = row.hash;
    expected = row.seq + 1;
    return true;
  };
  await forEachRow(db, scope, startSeq - 1, through, pageSize, visit);
  if (problem) return report();

  // Rows a checkpoint signed for must still be there, also at the end of the log.
  const pending = open?.checkpoint ?? checkpoints[nextCheckpoint];
  if (pending && (options.throughSeq === undefined || pending.lastSeq <= options.throughSeq)) {
    problem = {
      kind: 'row-deleted',
      seq: expected,
      checkpointId: pending.id,
      message: `checkpoint #${pending.id} covers rows ${pending.firstSeq}–${pending.lastSeq}, but the log ends at ${expected - 1}`,
    };
  }
  return report();
}

function checkCheckpointSignature(
  checkpoint: StoredCheckpoint,
  algorithm: AuditHashAlgorithm,
  keys: ReadonlyMap<string, KeyObject>,
): AuditProblem | null {
  const key = keys.get(checkpoint.keyId);
  const where = { seq: checkpoint.firstSeq, checkpointId: checkpoint.id };
  if (!key) {
    return {
      kind: 'checkpoint-key-unknown',
      ...where,
      message: `checkpoint #${checkpoint.id} is signed by ${checkpoint.keyId}, a key not given to the verifier`,
    };
  }
  const message = checkpointMessage({ algorithm, ...checkpoint });
  if (!verifyAuditSignature(message, checkpoint.signature, key)) {
    return {
      kind: 'checkpoint-signature-invalid',
      ...where,
      message: `checkpoint #${checkpoint.id} (${checkpoint.firstSeq}–${checkpoint.lastSeq}) does not carry a valid signature by ${checkpoint.keyId}: it was altered`,
    };
  }
  return null;
}

function checkAnchorSignature(
  anchor: StoredAnchor,
  algorithm: AuditHashAlgorithm,
  keys: ReadonlyMap<string, KeyObject>,
): AuditProblem | null {
  const key = keys.get(anchor.keyId);
  const valid = key !== undefined && verifyAuditSignature(anchorMessage({ algorithm, ...anchor }), anchor.signature, key);
  if (valid) return null;
  return {
    kind: 'anchor-signature-invalid',
    seq: anchor.throughSeq,
    message: key
      ? `the archive anchor through seq ${anchor.throughSeq} does not carry a valid signature by ${anchor.keyId}: it was altered`
      : `the archive anchor through seq ${anchor.throughSeq} is signed by ${anchor.keyId}, a key not given to the verifier`,
  };
}

/**
 * Tells a moved row from an edited one, by looking for the position its content was sealed at:
 * either another row's chain values fit this row's content (contents swapped), or this row's own
 * prev_hash and hash fit it at another seq (whole rows moved). One extra pass, on failure only.
 */
async function diagnose(
  db: AuditSql,
  scope: AuditRowSource,
  algorithm: AuditHashAlgorithm,
  row: StoredAuditRow,
  linked: boolean,
  pageSize: number,
): Promise<AuditProblem> {
  let sealedAt: number | undefined;
  const fitsAt = (seq: number, prevHash: Buffer, hash: Buffer): boolean => auditRowHash(algorithm, prevHash, { ...row, seq }).equals(hash);
  if (row.prevHash.equals(GENESIS_HASH) && row.seq !== 1 && fitsAt(1, row.prevHash, row.hash)) sealedAt = 1;
  if (sealedAt === undefined) {
    await forEachRow(db, scope, 0, MAX_SEQ, pageSize, (other) => {
      if (other.seq === row.seq) return true;
      if (fitsAt(other.seq, other.prevHash, other.hash)) sealedAt = other.seq;
      else if (other.hash.equals(row.prevHash) && fitsAt(other.seq + 1, row.prevHash, row.hash)) sealedAt = other.seq + 1;
      return sealedAt === undefined;
    });
  }
  if (sealedAt !== undefined) {
    return {
      kind: 'rows-reordered',
      seq: row.seq,
      message: `row ${row.seq} holds what was sealed at seq ${sealedAt}: rows were swapped or moved`,
    };
  }
  if (!linked) {
    return {
      kind: 'chain-broken',
      seq: row.seq,
      message: `row ${row.seq}'s prev_hash is not the hash of row ${row.seq - 1}: rows were deleted and renumbered, inserted, or relinked`,
    };
  }
  return { kind: 'row-edited', seq: row.seq, message: `row ${row.seq}'s content no longer matches its hash: it was edited` };
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
    `  took ${report.durationMs} ms`,
  ];
  return lines.join('\n');
}
