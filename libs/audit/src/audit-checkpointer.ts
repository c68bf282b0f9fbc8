import { createPublicKey, type KeyObject } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditError, AUDIT_ERROR_CODES } from './audit-errors.js';
import { AUDIT_LOCKS, forEachRow, hashAt, readAlgorithm, select, toSeq, type AuditSql } from './audit-store.js';
import { auditRowHash, auditTime, type AuditHashAlgorithm } from './canonical-encoding.js';
import { merkleRoot } from './merkle.js';
import { sealAuditLeaves, type SealedAuditLeaves } from './seal-audit-leaves.js';
import { assertEd25519, auditKeyId, checkpointMessage, signAuditStatement } from './signing.js';

/** Where the checkpointer reports; Nest's Logger fits. */
export interface AuditLogger {
  log(message: unknown): void;
  warn(message: unknown): void;
  error(message: unknown): void;
}

export interface AuditCheckpointerSettings {
  /** The hub's Ed25519 private key. */
  readonly signingKey: KeyObject;
  /**
   * Seal the waiting audit leaves into the chain this often (default 250 ms): with the sealing
   * itself, how long a leaf stays protected by its table's guards alone.
   */
  readonly sealEveryMs?: number;
  /** Leaves sealed per transaction (default 5 000); a backlog takes several. */
  readonly sealBatchRows?: number;
  /** Seal once this many rows wait (default 1000). */
  readonly everyRows?: number;
  /** …or once the oldest waiting row is this old (default 60 s). */
  readonly everyMs?: number;
  /** How often to seal and look for a due checkpoint (default: sealEveryMs, or everyMs if less). */
  readonly pollIntervalMs?: number;
  /** Largest range one checkpoint covers; a backlog gets several (default 50 000). */
  readonly maxRowsPerCheckpoint?: number;
}

/** A checkpoint just written. */
export interface AuditCheckpointRecord {
  readonly id: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  /** Hex. */
  readonly root: string;
  readonly at: string;
  readonly keyId: string;
}

const silent: AuditLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The audit trail's sequencer. Every sealEveryMs it seals the waiting leaves into the hash chain
 * (sealAuditLeaves), then checkpoints the chain in the spirit of X-Road's batch time-stamps: every N
 * rows or T seconds it re-derives the hashes of the rows since the last checkpoint (refusing to sign a
 * chain that does not verify), computes their RFC 6962 Merkle root and stores it signed with the
 * hub's Ed25519 key. Run it in the hub's audit role; several instances take turns through an
 * advisory lock, so ranges never overlap.
 */
export class AuditCheckpointer {
  private readonly everyRows: number;
  private readonly everyMs: number;
  private readonly sealEveryMs: number;
  private readonly sealBatchRows: number | undefined;
  private readonly pollIntervalMs: number;
  private readonly maxRows: number;
  private readonly keyId: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: AuditCheckpointerSettings,
    private readonly logger: AuditLogger = silent,
  ) {
    assertEd25519(settings.signingKey, 'private');
    this.keyId = auditKeyId(createPublicKey(settings.signingKey));
    this.everyRows = positive(settings.everyRows ?? 1_000, 'everyRows');
    this.everyMs = positive(settings.everyMs ?? 60_000, 'everyMs');
    this.sealEveryMs = positive(settings.sealEveryMs ?? 250, 'sealEveryMs');
    this.sealBatchRows = settings.sealBatchRows;
    this.pollIntervalMs = positive(settings.pollIntervalMs ?? Math.min(this.sealEveryMs, this.everyMs), 'pollIntervalMs');
    this.maxRows = positive(settings.maxRowsPerCheckpoint ?? 50_000, 'maxRowsPerCheckpoint');
  }

  start(): Promise<void> {
    if (this.stopped) {
      this.stopped = false;
      this.schedule(0);
    }
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Seals every leaf committed so far into the chain (taking turns with other sequencers). */
  sealNow(): Promise<SealedAuditLeaves> {
    return sealAuditLeaves(this.dataSource, { batchRows: this.sealBatchRows });
  }

  /**
   * Seals the waiting leaves, then writes the checkpoints that are due now (over all rows when
   * `force`), and returns them. Empty when nothing is due or another instance is checkpointing.
   */
  async checkpointNow(options: { force?: boolean } = {}): Promise<AuditCheckpointRecord[]> {
    await this.sealNow();
    return this.checkpointDue(options.force ?? false);
  }

  private async checkpointDue(force: boolean): Promise<AuditCheckpointRecord[]> {
    const written: AuditCheckpointRecord[] = [];
    for (;;) {
      const result = await this.dataSource.transaction((manager) => this.writeOne(manager, force));
      if (!result) return written;
      written.push(result.checkpoint);
      if (!result.more) return written;
    }
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule(this.pollIntervalMs);
      });
    }, delayMs);
  }

  private async tick(): Promise<void> {
    try {
      await this.sealNow();
    } catch (error) {
      // The leaves stay where they are (each batch commits whole or not at all); the next tick retries.
      this.logger.error({ message: 'sealing audit leaves failed', error: String(error) });
    }
    try {
      for (const checkpoint of await this.checkpointDue(false)) {
        this.logger.log({ message: 'audit checkpoint signed', ...checkpoint });
      }
    } catch (error) {
      const context = error instanceof AuditError ? error.context : {};
      this.logger.error({ message: 'audit checkpoint failed', error: String(error), ...context });
    }
  }

  private async writeOne(
    manager: EntityManager,
    force: boolean,
  ): Promise<{ checkpoint: AuditCheckpointRecord; more: boolean } | undefined> {
    const [lock] = await select<{ held: boolean }>(manager, 'SELECT pg_try_advisory_xact_lock($1) AS held', [AUDIT_LOCKS.checkpointer]);
    if (!lock?.held) return undefined;
    const [state] = await select<{ sealed: string; waiting: number; head: string | null; stale: boolean | null }>(
      manager,
      `WITH sealed AS (SELECT coalesce(max(last_seq), 0) AS seq FROM audit_checkpoints)
       SELECT sealed.seq::text AS sealed, count(l.seq)::int AS waiting, max(l.seq)::text AS head,
              min(l.at) <= now() - make_interval(secs => $1) AS stale
         FROM sealed LEFT JOIN audit_log l ON l.seq > sealed.seq
        GROUP BY sealed.seq`,
      [this.everyMs / 1000],
    );
    if (!state || state.waiting === 0 || state.head === null) return undefined;
    if (!force && state.waiting < this.everyRows && !state.stale) return undefined;

    const algorithm = await readAlgorithm(manager);
    const sealed = toSeq(state.sealed);
    const head = toSeq(state.head);
    const lastSeq = Math.min(head, sealed + this.maxRows);
    const hashes = await verifiedHashes(manager, algorithm, sealed, lastSeq);
    const root = merkleRoot(hashes, algorithm);
    const at = auditTime(new Date());
    const signature = signAuditStatement(
      checkpointMessage({ algorithm, firstSeq: sealed + 1, lastSeq, root, at }),
      this.settings.signingKey,
    );
    const [row] = await select<{ id: string }>(
      manager,
      `INSERT INTO audit_checkpoints (first_seq, last_seq, root, at, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text`,
      [sealed + 1, lastSeq, root, at, this.keyId, signature],
    );
    const checkpoint = { id: toSeq(row?.id ?? 0), firstSeq: sealed + 1, lastSeq, root: root.toString('hex'), at, keyId: this.keyId };
    return { checkpoint, more: lastSeq < head };
  }
}

/**
 * The hashes of rows (after, through], each re-derived from its content and linked to the one
 * before; throws (naming the seq) rather than let a checkpoint vouch for a tampered row.
 */
export async function verifiedHashes(db: AuditSql, algorithm: AuditHashAlgorithm, after: number, through: number): Promise<Buffer[]> {
  const invalid = (seq: number, what: string): AuditError =>
    new AuditError(AUDIT_ERROR_CODES.chainInvalid, `audit row ${seq} ${what}; refusing to sign. Run verifyAuditTrail for the details.`, {
      seq,
    });
  let prevHash = await hashAt(db, after);
  if (!prevHash) throw invalid(after, 'is missing');
  const hashes: Buffer[] = [];
  let expected = after + 1;
  await forEachRow(db, 'live', after, through, 5_000, (row) => {
    if (row.seq !== expected) throw invalid(expected, 'is missing');
    if (!row.prevHash.equals(prevHash as Buffer)) throw invalid(row.seq, 'does not link to the row before it');
    if (!auditRowHash(algorithm, row.prevHash, row).equals(row.hash)) throw invalid(row.seq, 'does not match its hash');
    hashes.push(row.hash);
    prevHash = row.hash;
    expected += 1;
    return true;
  });
  if (expected !== through + 1) throw invalid(expected, 'is missing');
  return hashes;
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`AuditCheckpointer ${name} must be a positive number, got ${value}`);
  return value;
}
