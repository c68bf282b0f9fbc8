/** The signature algorithms an agency may sign events with. */
export const SIGNATURE_ALGORITHMS = ['ed25519', 'sm2-sm3'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

/** A key id: 1–64 lower-case letters, digits or hyphens, e.g. `bureau-310000-2026-01`. */
export const KEY_ID_PATTERN = /^[a-z0-9-]{1,64}$/;

/** The envelope's `signature` field is at most this long (EventEnvelope's MaxLength). */
export const SIGNATURE_MAX_LENGTH = 4096;

/**
 * Signature length in bytes: Ed25519 (RFC 8032) signatures are R || S, 64 bytes; SM2 signatures are
 * written as r || s, each a 32-byte big-endian integer (the fixed-width form JWS uses for ECDSA,
 * rather than a DER SEQUENCE, so that each signature has exactly one spelling).
 */
export const SIGNATURE_BYTES: Readonly<Record<SignatureAlgorithm, number>> = { ed25519: 64, 'sm2-sm3': 64 };

/** The parts of `<alg>:<keyId>:<base64url signature>`. */
export interface SignatureParts {
  readonly alg: SignatureAlgorithm;
  readonly keyId: string;
  readonly signature: Uint8Array;
}

/** Why a signature string could not be parsed; the caller turns it into SIGNATURE_MALFORMED. */
export interface SignatureFormatProblem {
  readonly problem: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function isSignatureAlgorithm(value: string): value is SignatureAlgorithm {
  return (SIGNATURE_ALGORITHMS as readonly string[]).includes(value);
}

/** `<alg>:<keyId>:<base64url signature>`, unpadded base64url (RFC 4648 §5). */
export function formatSignature({ alg, keyId, signature }: SignatureParts): string {
  if (!KEY_ID_PATTERN.test(keyId)) throw new RangeError(`Key id "${keyId}" must be 1–64 characters a-z, 0-9 or -.`);
  return `${alg}:${keyId}:${Buffer.from(signature).toString('base64url')}`;
}

/**
 * Parses a signature string strictly: exactly three parts, a known algorithm, a well-formed key id,
 * and canonical unpadded base64url that decodes to the algorithm's signature length. Anything else
 * is a problem, so no two strings carry the same signature.
 */
export function parseSignature(value: string): SignatureParts | SignatureFormatProblem {
  if (value.length > SIGNATURE_MAX_LENGTH) return { problem: `it is ${value.length} characters long, more than ${SIGNATURE_MAX_LENGTH}` };
  const parts = value.split(':');
  if (parts.length !== 3) return { problem: `it has ${parts.length} colon-separated part(s) instead of 3 (<alg>:<keyId>:<base64url>)` };
  const [alg = '', keyId = '', encoded = ''] = parts;
  if (!isSignatureAlgorithm(alg)) {
    return { problem: `algorithm "${alg.slice(0, 32)}" is not one of ${SIGNATURE_ALGORITHMS.join(', ')}` };
  }
  if (!KEY_ID_PATTERN.test(keyId)) return { problem: 'the key id is not 1–64 characters a-z, 0-9 or -' };
  if (!BASE64URL.test(encoded)) return { problem: 'the signature part is not unpadded base64url (A-Z a-z 0-9 - _)' };
  const signature = Buffer.from(encoded, 'base64url');
  if (signature.toString('base64url') !== encoded) return { problem: 'the signature part is not canonical base64url' };
  const expected = SIGNATURE_BYTES[alg];
  if (signature.length !== expected) {
    return { problem: `an ${alg} signature is ${expected} bytes, but this one decodes to ${signature.length}` };
  }
  return { alg, keyId, signature: new Uint8Array(signature) };
}
