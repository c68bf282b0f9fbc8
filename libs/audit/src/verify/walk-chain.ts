import type { KeyObject } from 'node:crypto';
import type { StoredAnchor, StoredAuditRow, StoredCheckpoint } from '../audit-store.js';
import { auditRowHash, type AuditHashAlgorithm } from '../canonical-encoding.js';
import { merkleRoot } from '../merkle.js';
import type { AuditProblem } from './audit-problem.js';
import { checkCheckpointSignature } from './check-signatures.js';

/** Where a walk starts and what it checks the rows against. */
export interface ChainWalkStart {
  readonly algorithm: AuditHashAlgorithm;
  readonly keys: ReadonlyMap<string, KeyObject>;
  /** The first seq expected, and the hash its row must link to (the genesis hash, or an anchor's). */
  readonly startSeq: number;
  readonly prevHash: Buffer;
  /** The checkpoints from startSeq on, in seq order. */
  readonly checkpoints: readonly StoredCheckpoint[];
  readonly anchors: readonly StoredAnchor[];
}

/** What one row showed: fine, a problem, or a row whose hash or link fails (to be diagnosed against the other rows). */
export type ChainStep =
  | { readonly kind: 'ok' }
  | { readonly kind: 'problem'; readonly problem: AuditProblem }
  | { readonly kind: 'tampered'; readonly linked: boolean };

/** How far a walk got. */
export interface ChainProgress {
  readonly rowsChecked: number;
  readonly lastSeq: number | null;
  readonly checkpointsVerified: number;
  /** The last seq covered by a verified checkpoint, and that row's hash (where a later walk may resume). */
  readonly sealedThroughSeq: number | null;
  readonly sealedThroughHash: Buffer | null;
  /** The seq expected next. */
  readonly expected: number;
}

/**
 * The audit chain checked row by row in seq order, without I/O: every seq present once, every row
 * linked to the one before and matching its hash, every archive anchor naming its row's hash, and
 * the rows of each checkpoint, signed by a given key, giving its Merkle root, with no rows between
 * checkpoints. The caller feeds rows to `visit` until it reports something, then asks `finish`.
 */
export class ChainWalk {
  private readonly anchorsBySeq: ReadonlyMap<number, StoredAnchor>;
  private nextCheckpoint = 0;
  private open: { checkpoint: StoredCheckpoint; hashes: Buffer[] } | undefined;
  private prevHash: Buffer;
  private progressSoFar: { -readonly [K in keyof ChainProgress]: ChainProgress[K] };

  constructor(private readonly start: ChainWalkStart) {
    this.anchorsBySeq = new Map(start.anchors.map((anchor) => [anchor.throughSeq, anchor]));
    this.prevHash = start.prevHash;
    this.progressSoFar = {
      rowsChecked: 0,
      lastSeq: null,
      checkpointsVerified: 0,
      sealedThroughSeq: null,
      sealedThroughHash: null,
      expected: start.startSeq,
    };
  }

  get progress(): ChainProgress {
    return { ...this.progressSoFar };
  }

  visit(row: StoredAuditRow): ChainStep {
    const { expected } = this.progressSoFar;
    if (row.seq < expected) return problem({ kind: 'chain-broken', seq: row.seq, message: `seq ${row.seq} appears twice` });
    if (row.seq > expected) {
      const missing = row.seq - expected === 1 ? `row ${expected} is` : `rows ${expected}–${row.seq - 1} are`;
      return problem({ kind: 'row-deleted', seq: expected, message: `${missing} missing (the next row is ${row.seq})` });
    }
    const linked = row.prevHash.equals(this.prevHash);
    if (!linked || !auditRowHash(this.start.algorithm, row.prevHash, row).equals(row.hash)) return { kind: 'tampered', linked };
    const anchor = this.anchorsBySeq.get(row.seq);
    if (anchor && !anchor.lastHash.equals(row.hash)) {
      return problem({
        kind: 'anchor-mismatch',
        seq: row.seq,
        message: `the archive anchor at ${row.seq} names another hash than the row's`,
      });
    }
    const sealing = this.seal(row);
    if (sealing) return problem(sealing);
    this.progressSoFar.rowsChecked += 1;
    this.progressSoFar.lastSeq = row.seq;
    this.progressSoFar.expected = row.seq + 1;
    this.prevHash = row.hash;
    return { kind: 'ok' };
  }

  /**
   * After the last row: rows a signed checkpoint covers must still be there, also at the end of the
   * log (up to `throughSeq` when the walk stopped early on purpose).
   */
  finish(throughSeq?: number): AuditProblem | null {
    const pending = this.open?.checkpoint ?? this.start.checkpoints[this.nextCheckpoint];
    if (!pending || (throughSeq !== undefined && pending.lastSeq > throughSeq)) return null;
    const { expected } = this.progressSoFar;
    return {
      kind: 'row-deleted',
      seq: expected,
      checkpointId: pending.id,
      message: `checkpoint #${pending.id} covers rows ${pending.firstSeq}–${pending.lastSeq}, but the log ends at ${expected - 1}`,
    };
  }

  /** Opens the checkpoint that starts at this row (its signature checked), and closes the one it ends, checking the root. */
  private seal(row: StoredAuditRow): AuditProblem | null {
    if (!this.open) {
      const checkpoint = this.start.checkpoints[this.nextCheckpoint];
      if (checkpoint && checkpoint.firstSeq === row.seq) {
        const invalid = checkCheckpointSignature(checkpoint, this.start.algorithm, this.start.keys);
        if (invalid) return invalid;
        this.open = { checkpoint, hashes: [] };
      } else if (checkpoint) {
        return {
          kind: 'checkpoint-missing',
          seq: row.seq,
          checkpointId: checkpoint.id,
          message:
            checkpoint.firstSeq < row.seq
              ? `checkpoint #${checkpoint.id} (${checkpoint.firstSeq}–${checkpoint.lastSeq}) overlaps the range before it`
              : `rows ${row.seq}–${checkpoint.firstSeq - 1} are covered by no checkpoint, yet later rows are`,
        };
      }
    }
    if (!this.open) return null;
    this.open.hashes.push(row.hash);
    if (row.seq !== this.open.checkpoint.lastSeq) return null;
    const { checkpoint, hashes } = this.open;
    if (!merkleRoot(hashes, this.start.algorithm).equals(checkpoint.root)) {
      return {
        kind: 'checkpoint-root-mismatch',
        seq: checkpoint.firstSeq,
        checkpointId: checkpoint.id,
        message: `rows ${checkpoint.firstSeq}–${checkpoint.lastSeq} no longer give the Merkle root signed in checkpoint #${checkpoint.id} at ${checkpoint.at}: the chain was rewritten there`,
      };
    }
    this.progressSoFar.checkpointsVerified += 1;
    this.progressSoFar.sealedThroughSeq = row.seq;
    this.progressSoFar.sealedThroughHash = row.hash;
    this.open = undefined;
    this.nextCheckpoint += 1;
    return null;
  }
}

function problem(found: AuditProblem): ChainStep {
  return { kind: 'problem', problem: found };
}
