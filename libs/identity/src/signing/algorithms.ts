import { sign, verify, type KeyObject } from 'node:crypto';
import { sm2RawKeyPair, sm2RawPublicKey } from './keys.js';
import type { SignatureAlgorithm } from './signature-format.js';
import { sm2Sign, sm2Verify } from './sm2.js';

/**
 * Signs `data` with a private key already checked to be of `alg` (see parsePrivateKey).
 * Ed25519 is node:crypto's pure Ed25519 (RFC 8032); SM2 is SM2-with-SM3 via sm2.ts.
 */
export function signBytes(alg: SignatureAlgorithm, privateKey: KeyObject, data: Uint8Array): Uint8Array {
  switch (alg) {
    case 'ed25519':
      return new Uint8Array(sign(null, data, privateKey));
    case 'sm2-sm3':
      return sm2Sign(data, sm2RawKeyPair(privateKey));
  }
}

/** Verifies `signature` over `data` with a public key already checked to be of `alg`; false when it does not verify. */
export function verifyBytes(alg: SignatureAlgorithm, publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  switch (alg) {
    case 'ed25519':
      return verify(null, data, publicKey, signature);
    case 'sm2-sm3':
      return sm2Verify(data, signature, sm2RawPublicKey(publicKey));
  }
}
