import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { AuditError, AUDIT_ERROR_CODES } from './audit-errors.js';
import type { AuditHashAlgorithm } from './canonical-encoding.js';

/** What a checkpoint signs: the range of rows and the Merkle root over their hashes. */
export interface CheckpointStatement {
  readonly algorithm: AuditHashAlgorithm;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly root: Uint8Array;
  /** In AUDIT_TIME_FORMAT. */
  readonly at: string;
}

/** What an archive anchor signs: the last archived row, where the remaining chain starts. */
export interface AnchorStatement {
  readonly algorithm: AuditHashAlgorithm;
  readonly throughSeq: number;
  readonly lastHash: Uint8Array;
  /** In AUDIT_TIME_FORMAT. */
  readonly at: string;
}

/** The exact bytes a checkpoint's Ed25519 signature covers. */
export function checkpointMessage(statement: CheckpointStatement): Buffer {
  const { algorithm, firstSeq, lastSeq, root, at } = statement;
  return Buffer.from(['hub-audit-checkpoint/1', algorithm, firstSeq, lastSeq, Buffer.from(root).toString('hex'), at].join('\n'), 'utf8');
}

/** The exact bytes an archive anchor's Ed25519 signature covers. */
export function anchorMessage(statement: AnchorStatement): Buffer {
  const { algorithm, throughSeq, lastHash, at } = statement;
  return Buffer.from(['hub-audit-anchor/1', algorithm, throughSeq, Buffer.from(lastHash).toString('hex'), at].join('\n'), 'utf8');
}

/**
 * The id a checkpoint records for the key that signed it: `ed25519:` and the first 16 hex digits
 * of the SHA-256 of the public key (SPKI DER). Derived, never configured, so signer and verifier
 * cannot disagree about it; after a key change the verifier is given the old public keys too.
 */
export function auditKeyId(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  assertEd25519(publicKey, 'public');
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `ed25519:${createHash('sha256').update(der).digest('hex').slice(0, 16)}`;
}

/** Signs with the hub's Ed25519 private key. */
export function signAuditStatement(message: Uint8Array, privateKey: KeyObject): Buffer {
  assertEd25519(privateKey, 'private');
  return sign(null, message, privateKey);
}

/** Whether `signature` is `publicKey`'s Ed25519 signature over `message`. */
export function verifyAuditSignature(message: Uint8Array, signature: Uint8Array, publicKey: KeyObject): boolean {
  try {
    return verify(null, message, publicKey, signature);
  } catch {
    return false;
  }
}

/** Throws unless `key` is an Ed25519 key of the given type. */
export function assertEd25519(key: KeyObject, type: 'private' | 'public'): void {
  if (key.asymmetricKeyType !== 'ed25519' || key.type !== type) {
    throw new AuditError(
      AUDIT_ERROR_CODES.keyInvalid,
      `The audit trail needs an Ed25519 ${type} key, got a ${key.asymmetricKeyType ?? 'symmetric'} ${key.type} key.`,
    );
  }
}

/** The public keys by key id, for verification. Private keys are accepted and reduced to their public half. */
export function publicKeysById(keys: readonly KeyObject[]): Map<string, KeyObject> {
  return new Map(
    keys.map((key) => {
      const publicKey = key.type === 'private' ? createPublicKey(key) : key;
      return [auditKeyId(publicKey), publicKey] as const;
    }),
  );
}
