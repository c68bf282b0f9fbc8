import { sm2 } from 'sm-crypto-v2';

/**
 * SM2 digital signatures with the SM3 digest (GB/T 32918.2-2016 / GM/T 0003.2-2012) on the
 * recommended curve sm2p256v1 (GB/T 32918.5-2017), computed by `sm-crypto-v2` (pure TypeScript on
 * the audited @noble/curves, nonces from crypto.getRandomValues). node:crypto cannot do this: with an
 * SM2-curve key, crypto.sign() computes plain ECDSA over that curve, without the Z_A prefix and with
 * another signing equation, so its output is not an SM2 signature (sm2.spec.ts shows it).
 *
 * The digest is e = SM3(Z_A || M), with Z_A = SM3(ENTL_A || ID_A || a || b || x_G || y_G || x_A || y_A)
 * and ID_A the default distinguishing identifier of GB/T 35276-2017, `1234567812345678`; the hub
 * uses no other.
 */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

/** Order n of the base point of sm2p256v1 (GB/T 32918.5-2017). */
const SM2_ORDER = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

/** The raw material sm-crypto-v2 works with: private scalar d and uncompressed public point 04 || x || y. */
export interface Sm2RawKeyPair {
  /** 32 bytes, big-endian. */
  readonly privateKey: Uint8Array;
  /** 65 bytes: 0x04 || x || y. */
  readonly publicKey: Uint8Array;
}

/** Signs `message` (hashing it with SM3 and the Z_A prefix); returns r || s, 64 bytes. */
export function sm2Sign(message: Uint8Array, key: Sm2RawKeyPair, userId: string = SM2_DEFAULT_USER_ID): Uint8Array {
  const rs = sm2.doSignature(message, toHex(key.privateKey), { hash: true, der: false, publicKey: toHex(key.publicKey), userId });
  return Buffer.from(rs, 'hex');
}

/**
 * Verifies r || s (64 bytes) over `message` for the uncompressed public point `publicKey`. Checks
 * 1 ≤ r, s ≤ n − 1 itself first (GB/T 32918.2 §7.1 B1, B2), which the library does not check as
 * such (for some out-of-range values it throws). Never throws for a bad signature or point: answers false.
 */
export function sm2Verify(
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
  userId: string = SM2_DEFAULT_USER_ID,
): boolean {
  if (signature.length !== 64 || publicKey.length !== 65 || publicKey[0] !== 0x04) return false;
  const r = toBigInt(signature.subarray(0, 32));
  const s = toBigInt(signature.subarray(32));
  if (r < 1n || r >= SM2_ORDER || s < 1n || s >= SM2_ORDER) return false;
  try {
    return sm2.doVerifySignature(message, toHex(signature), preparedPoint(toHex(publicKey)), { hash: true, der: false, userId });
  } catch {
    // An invalid point (not on the curve) makes the library throw.
    return false;
  }
}

type Sm2Point = ReturnType<typeof sm2.precomputePublicKey>;

/**
 * Public points with precomputed multiples (window 4, about 520 points each): verification then
 * takes about 2 ms instead of about 10 ms. The hub verifies with a few hundred keys at most; past
 * PREPARED_POINTS_MAX the oldest entry goes.
 */
const PREPARED_POINTS_MAX = 256;
const preparedPoints = new Map<string, Sm2Point>();

function preparedPoint(publicKeyHex: string): Sm2Point {
  const cached = preparedPoints.get(publicKeyHex);
  if (cached) return cached;
  const point = sm2.precomputePublicKey(publicKeyHex, 4);
  if (preparedPoints.size >= PREPARED_POINTS_MAX) {
    const oldest = preparedPoints.keys().next();
    if (!oldest.done) preparedPoints.delete(oldest.value);
  }
  preparedPoints.set(publicKeyHex, point);
  return point;
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function toBigInt(bytes: Uint8Array): bigint {
  return BigInt(`0x${toHex(bytes)}`);
}
