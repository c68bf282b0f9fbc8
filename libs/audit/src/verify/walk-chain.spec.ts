import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { StoredAuditRow, StoredCheckpoint } from '../audit-store.js';
import { auditRowHash, GENESIS_HASH } from '../canonical-encoding.js';
import { merkleRoot } from '../merkle.js';
import { auditKeyId, checkpointMessage, publicKeysById, signAuditStatement } from '../signing.js';
import { ChainWalk, type ChainStep } from './walk-chain.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const keys = publicKeysById([publicKey]);
const ALGORITHM = 'sha256';
const AT = '2026-01-01T00:00:00.000000Z';

/** A well-formed chain of `count` rows from seq 1. */
function chain(count: number): StoredAuditRow[] {
  const rows: StoredAuditRow[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq += 1) {
    const content = { seq, at: AT, actor: 'system:test', action: 'test.done', purpose: 'testing', eventId: null, detail: `{"n": ${seq}}` };
    const hash = auditRowHash(ALGORITHM, prevHash, content);
    rows.push({ ...content, prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

function checkpoint(id: number, rows: readonly StoredAuditRow[], firstSeq: number, lastSeq: number): StoredCheckpoint {
  const root = merkleRoot(
    rows.filter((row) => row.seq >= firstSeq && row.seq <= lastSeq).map((row) => row.hash),
    ALGORITHM,
  );
  const signature = signAuditStatement(checkpointMessage({ algorithm: ALGORITHM, firstSeq, lastSeq, root, at: AT }), privateKey);
  return { id, firstSeq, lastSeq, root, at: AT, keyId: auditKeyId(publicKey), signature };
}

/** Visits rows until one is not fine; returns that step (or ok) and the walk. */
function walkThrough(rows: readonly StoredAuditRow[], checkpoints: StoredCheckpoint[] = []): { step: ChainStep; walk: ChainWalk } {
  const walk = new ChainWalk({ algorithm: ALGORITHM, keys, startSeq: 1, prevHash: GENESIS_HASH, checkpoints, anchors: [] });
  for (const row of rows) {
    const step = walk.visit(row);
    if (step.kind !== 'ok') return { step, walk };
  }
  return { step: { kind: 'ok' }, walk };
}

describe('walking the audit chain row by row', () => {
  it('passes an intact chain with its checkpoints, and counts what it verified', () => {
    const rows = chain(5);
    const { step, walk } = walkThrough(rows, [checkpoint(1, rows, 1, 2), checkpoint(2, rows, 3, 4)]);
    expect(step).toEqual({ kind: 'ok' });
    expect(walk.finish()).toBeNull();
    expect(walk.progress).toEqual({
      rowsChecked: 5,
      lastSeq: 5,
      checkpointsVerified: 2,
      sealedThroughSeq: 4,
      sealedThroughHash: rows[3]?.hash,
      expected: 6,
    });
  });

  it('finds a missing row, a repeated seq, and an edited row (left to diagnosis)', () => {
    const rows = chain(4);
    expect(walkThrough([rows[0], rows[2]] as StoredAuditRow[]).step).toMatchObject({
      kind: 'problem',
      problem: { kind: 'row-deleted', seq: 2 },
    });
    expect(walkThrough([rows[0], rows[1], rows[1]] as StoredAuditRow[]).step).toMatchObject({
      kind: 'problem',
      problem: { kind: 'chain-broken', seq: 2 },
    });
    const edited = rows.map((row) => (row.seq === 3 ? { ...row, actor: 'system:intruder' } : row));
    expect(walkThrough(edited).step).toEqual({ kind: 'tampered', linked: true });
  });

  it('finds a checkpoint whose rows no longer give its root, and rows between checkpoints', () => {
    const rows = chain(4);
    const forged = { ...checkpoint(1, rows, 1, 2), root: Buffer.alloc(32, 7) };
    expect(walkThrough(rows, [forged]).step).toMatchObject({ kind: 'problem', problem: { kind: 'checkpoint-signature-invalid' } });
    expect(walkThrough(rows, [checkpoint(1, rows, 1, 1), checkpoint(2, rows, 3, 4)]).step).toMatchObject({
      kind: 'problem',
      problem: { kind: 'checkpoint-missing', seq: 2, checkpointId: 2 },
    });
  });

  it('finds rows a checkpoint covers missing at the end of the log, unless the walk was told to stop before them', () => {
    const rows = chain(4);
    const { walk } = walkThrough(rows.slice(0, 3), [checkpoint(1, rows, 1, 4)]);
    expect(walk.finish()).toMatchObject({ kind: 'row-deleted', seq: 4, checkpointId: 1 });
    expect(walk.finish(3)).toBeNull();
  });
});
