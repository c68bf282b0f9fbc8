import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys: `<prefix>.<secret>`, where the prefix is 8 random characters a–z, 2–7 (40 bits,
 * shown to admins and used to find the key) and the secret 32 random bytes (256 bits) in
 * base64url. The hub stores only SHA-256 of the whole key.
 *
 * Why SHA-256 and not scrypt: scrypt's cost exists to slow down guessing of low-entropy secrets
 * (passwords). A 256-bit random secret cannot be guessed, however fast the hash, so a leaked hash
 * table reveals nothing usable; and authenticating every request with scrypt (tens of ms and
 * MiBs of memory each) would make the key check the slowest step of a publish and an easy way to
 * exhaust the hub. The hash is compared in constant time.
 */
export const API_KEY_FORMAT = /^[a-z2-7]{8}\.[A-Za-z0-9_-]{43}$/;
export const API_KEY_PREFIX_FORMAT = /^[a-z2-7]{8}$/;

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

export interface NewApiKey {
  /** The whole key, shown once to the admin who creates it. */
  readonly key: string;
  readonly prefix: string;
  /** SHA-256 of the key, hex. */
  readonly hash: string;
}

export function generateApiKey(): NewApiKey {
  const prefix = [...randomBytes(8)].map((byte) => BASE32[byte % 32]).join('');
  const key = `${prefix}.${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex SHA-256 digests. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === 32 && right.length === 32 && timingSafeEqual(left, right);
}
