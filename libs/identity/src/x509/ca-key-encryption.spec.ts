import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { CaKeyDecryptionError, decryptCaKey, encryptCaKey, readCaKeyEncryptionKey } from './ca-key-encryption.js';

const KEY = randomBytes(32);
const FINGERPRINT = 'a'.repeat(64);

describe('CA key encryption at rest', () => {
  it('round-trips, with a fresh IV each time and no plaintext in the stored form', () => {
    const pkcs8 = randomBytes(138);
    const first = encryptCaKey(pkcs8, KEY, FINGERPRINT);
    const second = encryptCaKey(pkcs8, KEY, FINGERPRINT);
    expect(first).toMatch(/^v1:aes-256-gcm:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain(pkcs8.toString('base64url'));
    expect(decryptCaKey(first, KEY, FINGERPRINT).equals(pkcs8)).toBe(true);
  });

  it('refuses another key, another CA certificate, a tampered ciphertext and a foreign format', () => {
    const stored = encryptCaKey(randomBytes(138), KEY, FINGERPRINT);
    expect(() => decryptCaKey(stored, randomBytes(32), FINGERPRINT)).toThrow(/CA_KEY_ENCRYPTION_KEY does not decrypt/);
    expect(() => decryptCaKey(stored, KEY, 'b'.repeat(64))).toThrow(CaKeyDecryptionError);
    const last = stored.at(-2) === 'A' ? 'B' : 'A';
    expect(() => decryptCaKey(`${stored.slice(0, -2)}${last}${stored.slice(-1)}`, KEY, FINGERPRINT)).toThrow(CaKeyDecryptionError);
    expect(() => decryptCaKey('-----BEGIN PRIVATE KEY-----', KEY, FINGERPRINT)).toThrow(/not in the v1:aes-256-gcm format/);
  });

  it('takes exactly 32 bytes of key', () => {
    expect(readCaKeyEncryptionKey(KEY.toString('base64')).equals(KEY)).toBe(true);
    expect(() => readCaKeyEncryptionKey(randomBytes(16).toString('base64'))).toThrow(/32 random bytes/);
  });
});
