import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import type { SignatureAlgorithm } from './signature-format.js';
import type { Sm2RawKeyPair } from './sm2.js';

/**
 * Public keys are registered in one canonical encoding, SPKI PEM (`-----BEGIN PUBLIC KEY-----`,
 * RFC 5280 SubjectPublicKeyInfo): it names its algorithm and curve, and is what `openssl pkey -pubout`,
 * GmSSL, Tongsuo, HSMs and cloud KMSs export. `parsePublicKey` also takes the raw key as unpadded
 * base64url: Ed25519 the 32-byte key of RFC 8032, SM2 the 65-byte uncompressed point 04 || x || y.
 */
export type PublicKeyInput = string | KeyObject;

/** A private key: a KeyObject or PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
export type PrivateKeyInput = string | KeyObject;

/** DER prefix of an Ed25519 SPKI (RFC 8410): SEQUENCE { SEQUENCE { OID 1.3.101.112 } BIT STRING (32 bytes) }. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
/** DER prefix of an SM2 SPKI: id-ecPublicKey with curve OID 1.2.156.10197.1.301 (sm2p256v1), BIT STRING (65 bytes). */
const SM2_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');
const RAW_PUBLIC_KEY_BYTES: Readonly<Record<SignatureAlgorithm, number>> = { ed25519: 32, 'sm2-sm3': 65 };
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A key pair for tests, the demo and agency examples; in production agencies keep their keys in their HSM or KMS. */
export interface SigningKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The public key in the canonical registry encoding (SPKI PEM). */
  readonly publicKeyPem: string;
}

export function generateSigningKeyPair(alg: SignatureAlgorithm): SigningKeyPair {
  const { privateKey, publicKey } = alg === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'SM2' });
  return { privateKey, publicKey, publicKeyPem: exportPublicKey(publicKey) };
}

/** The canonical registry encoding of a public key: SPKI PEM. */
export function exportPublicKey(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

/** The raw public key as unpadded base64url (Ed25519: 32 bytes; SM2: 65 bytes 04 || x || y). */
export function exportRawPublicKey(key: KeyObject): string {
  const alg = algorithmOf(key);
  if (!alg) throw new TypeError('Only Ed25519 and SM2 public keys have a raw form here.');
  return spkiDer(key).subarray(-RAW_PUBLIC_KEY_BYTES[alg]).toString('base64url');
}

/**
 * Reads a public key of algorithm `alg` from SPKI PEM, raw base64url or a KeyObject. Throws a
 * TypeError saying what is wrong when it is none of these, not a valid point, or of another
 * algorithm (an Ed25519 key registered as SM2, a P-256 key …).
 */
export function parsePublicKey(alg: SignatureAlgorithm, input: PublicKeyInput): KeyObject {
  const key = typeof input === 'string' ? publicKeyFromString(alg, input) : publicKeyFromObject(input);
  const actual = algorithmOf(key);
  if (actual !== alg) throw new TypeError(`The public key is ${describeKey(key)}, not an ${alg} key.`);
  return key;
}

/** Reads a private key of algorithm `alg` from PKCS#8 PEM or a KeyObject; throws a TypeError otherwise. */
export function parsePrivateKey(alg: SignatureAlgorithm, input: PrivateKeyInput): KeyObject {
  let key: KeyObject;
  if (typeof input === 'string') {
    try {
      key = createPrivateKey({ key: input, format: 'pem' });
    } catch (error) {
      throw new TypeError('The private key is not a PKCS#8 PEM private key.', { cause: error });
    }
  } else {
    key = input;
  }
  if (key.type !== 'private') throw new TypeError(`Signing needs a private key, but a ${key.type} key was given.`);
  const actual = algorithmOf(key);
  if (actual !== alg) throw new TypeError(`The private key is ${describeKey(key)}, not an ${alg} key.`);
  return key;
}

/** The private scalar and public point of an SM2 key pair, as the SM2 library takes them. */
export function sm2RawKeyPair(privateKey: KeyObject): Sm2RawKeyPair {
  // Only PKCS#8 and SPKI exports are used: on Node 24 (as on 20) an SM2 key read from PEM or DER is OpenSSL's
  // EVP_PKEY_SM2 (asymmetricKeyType undefined), and asking for its SEC 1 export aborts the process.
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  const d = sm2PrivateScalar(pkcs8);
  if (!d) throw new TypeError('The SM2 private key is not in the expected PKCS#8 form.');
  return { privateKey: d, publicKey: sm2RawPublicKey(privateKey) };
}

/** The uncompressed point 04 || x || y of an SM2 key (the public half of a private key). */
export function sm2RawPublicKey(key: KeyObject): Uint8Array {
  return new Uint8Array(spkiDer(key).subarray(-RAW_PUBLIC_KEY_BYTES['sm2-sm3']));
}

/**
 * Which of our algorithms a key belongs to, if any. SM2 keys are recognised by their SPKI (curve
 * OID 1.2.156.10197.1.301), since Node reports a generated SM2 key as `ec` but one read from PEM or
 * DER with no asymmetricKeyType at all.
 */
export function algorithmOf(key: KeyObject): SignatureAlgorithm | undefined {
  if (key.type === 'secret') return undefined;
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  const spki = spkiDer(key);
  if (spki.length === SM2_SPKI_PREFIX.length + 65 && spki.subarray(0, SM2_SPKI_PREFIX.length).equals(SM2_SPKI_PREFIX)) return 'sm2-sm3';
  return undefined;
}

/**
 * d from PKCS#8 PrivateKeyInfo { INTEGER 0, AlgorithmIdentifier, OCTET STRING { ECPrivateKey
 * { INTEGER 1, OCTET STRING d, … } } }, left-padded to 32 bytes; undefined when the shape differs.
 */
function sm2PrivateScalar(pkcs8: Buffer): Uint8Array | undefined {
  const info = derChildren(pkcs8, 0x30);
  const ecPrivateKey = info?.[2]?.tag === 0x04 ? derChildren(info[2].value, 0x30) : undefined;
  const version = ecPrivateKey?.[0];
  const d = ecPrivateKey?.[1];
  if (version?.tag !== 0x02 || version.value.toString('hex') !== '01' || d?.tag !== 0x04 || d.value.length > 32) return undefined;
  const scalar = new Uint8Array(32);
  scalar.set(d.value, 32 - d.value.length);
  return scalar;
}

interface DerElement {
  readonly tag: number;
  readonly value: Buffer;
}

/** The elements inside a DER element of tag `tag` that fills all of `der`; undefined if it is not one. */
function derChildren(der: Buffer, tag: number): DerElement[] | undefined {
  const outer = derElement(der, 0);
  if (!outer || outer.tag !== tag || outer.end !== der.length) return undefined;
  const children: DerElement[] = [];
  for (let at = 0; at < outer.value.length;) {
    const child = derElement(outer.value, at);
    if (!child) return undefined;
    children.push(child);
    at = child.end;
  }
  return children;
}

function derElement(der: Buffer, at: number): (DerElement & { readonly end: number }) | undefined {
  const tag = der[at];
  const first = der[at + 1];
  if (tag === undefined || first === undefined) return undefined;
  let length = first;
  let start = at + 2;
  if (first & 0x80) {
    const octets = first & 0x7f;
    if (octets < 1 || octets > 2) return undefined;
    length = 0;
    for (let i = 0; i < octets; i += 1) length = length * 256 + (der[start + i] ?? 0);
    start += octets;
  }
  const end = start + length;
  if (end > der.length) return undefined;
  return { tag, value: der.subarray(start, end), end };
}

function publicKeyFromString(alg: SignatureAlgorithm, text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    if (!trimmed.startsWith('-----BEGIN PUBLIC KEY-----'))
      throw new TypeError('A PEM public key must be SPKI (-----BEGIN PUBLIC KEY-----).');
    try {
      return createPublicKey({ key: trimmed, format: 'pem' });
    } catch (error) {
      throw new TypeError('The PEM public key cannot be read (bad encoding or not a point on its curve).', { cause: error });
    }
  }
  if (!BASE64URL.test(trimmed)) throw new TypeError('A public key must be SPKI PEM or unpadded base64url of the raw key.');
  const raw = Buffer.from(trimmed, 'base64url');
  const expected = RAW_PUBLIC_KEY_BYTES[alg];
  if (raw.toString('base64url') !== trimmed || raw.length !== expected) {
    throw new TypeError(`A raw ${alg} public key is ${expected} bytes of unpadded base64url; this one is ${raw.length} bytes.`);
  }
  if (alg === 'sm2-sm3' && raw[0] !== 0x04) throw new TypeError('A raw SM2 public key is the uncompressed point 04 || x || y.');
  const prefix = alg === 'ed25519' ? ED25519_SPKI_PREFIX : SM2_SPKI_PREFIX;
  try {
    return createPublicKey({ key: Buffer.concat([prefix, raw]), format: 'der', type: 'spki' });
  } catch (error) {
    throw new TypeError(`The raw ${alg} public key is not a valid point.`, { cause: error });
  }
}

function publicKeyFromObject(key: KeyObject): KeyObject {
  if (!(key instanceof KeyObject) || key.type === 'secret') throw new TypeError('The public key must be an asymmetric KeyObject.');
  // A private KeyObject carries its public half; verification only ever needs that.
  return key.type === 'private' ? createPublicKey(key) : key;
}

function spkiDer(key: KeyObject): Buffer {
  return (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'der' });
}

function describeKey(key: KeyObject): string {
  const alg = algorithmOf(key);
  if (alg) return `an ${alg} key`;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return `a key of type ${key.asymmetricKeyType ?? 'unknown'}${curve ? ` on curve ${curve}` : ''}`;
}
