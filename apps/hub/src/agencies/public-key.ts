import { createPublicKey, type KeyObject } from 'node:crypto';
import type { SigningKeyAlg } from './agency.js';

/** DER prefix of an SM2 SPKI: id-ecPublicKey with curve OID 1.2.156.10197.1.301 (sm2p256v1), 65-byte point. */
const SM2_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');

/**
 * Reads a public key given as SPKI PEM (`-----BEGIN PUBLIC KEY-----`, what `openssl pkey -pubout`
 * and HSMs export) and checks that it is a key of `alg`. Returns it re-encoded as canonical SPKI
 * PEM, or a message saying what is wrong.
 */
export function canonicalPublicKey(alg: SigningKeyAlg, pem: string): { pem: string } | { problem: string } {
  if (/PRIVATE KEY-----/.test(pem)) {
    return { problem: 'publicKey holds a private key: register only the public key, and treat this private key as exposed' };
  }
  if (!/^\s*-----BEGIN PUBLIC KEY-----[A-Za-z0-9+/=\s]+-----END PUBLIC KEY-----\s*$/.test(pem)) {
    return { problem: 'publicKey must be one public key in SPKI PEM form (-----BEGIN PUBLIC KEY-----)' };
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    return { problem: 'publicKey must be a public key in SPKI PEM form (-----BEGIN PUBLIC KEY-----)' };
  }
  const der = key.export({ type: 'spki', format: 'der' });
  const actual = key.asymmetricKeyType === 'ed25519' ? 'ed25519' : isSm2(der) ? 'sm2-sm3' : undefined;
  if (actual !== alg) return { problem: `publicKey is ${actual ? `an ${actual}` : 'another kind of'} key, not an ${alg} key` };
  return { pem: key.export({ type: 'spki', format: 'pem' }).toString() };
}

function isSm2(der: Buffer): boolean {
  return der.length === SM2_SPKI_PREFIX.length + 65 && der.subarray(0, SM2_SPKI_PREFIX.length).equals(SM2_SPKI_PREFIX);
}
