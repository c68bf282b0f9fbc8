import type { KeyObject } from 'node:crypto';
import type { StoredAnchor, StoredCheckpoint } from '../audit-store.js';
import type { AuditHashAlgorithm } from '../canonical-encoding.js';
import { anchorMessage, checkpointMessage, verifyAuditSignature } from '../signing.js';
import type { AuditProblem } from './audit-problem.js';

/** The problem with a checkpoint's signature, or null when a given key signed it. */
export function checkCheckpointSignature(
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

/** The problem with an archive anchor's signature, or null when a given key signed it. */
export function checkAnchorSignature(
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
