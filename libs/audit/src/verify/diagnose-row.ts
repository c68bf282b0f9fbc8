import { forEachRow, type AuditRowSource, type AuditSql, type StoredAuditRow } from '../audit-store.js';
import { auditRowHash, GENESIS_HASH, type AuditHashAlgorithm } from '../canonical-encoding.js';
import type { AuditProblem } from './audit-problem.js';

const MAX_SEQ = Number.MAX_SAFE_INTEGER;

/**
 * Tells a moved row from an edited one, by looking for the position its content was sealed at:
 * either another row's chain values fit this row's content (contents swapped), or this row's own
 * prev_hash and hash fit it at another seq (whole rows moved). One extra pass, on failure only.
 */
export async function diagnose(
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
