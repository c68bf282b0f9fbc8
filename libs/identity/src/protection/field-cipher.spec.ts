import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { HubError } from '@hub/contracts';
import { FieldCipher } from './field-cipher.js';
import type { FieldAlgorithm } from './field-algorithms.js';

const KEYS = {
  k1: `k1:aes-256-gcm:${randomBytes(32).toString('base64')}`,
  k2: `k2:sm4-gcm:${randomBytes(16).toString('base64')}`,
  k3: `k3:aes-256-gcm:${randomBytes(32).toString('base64')}`,
};
const CONTEXT = '["hub-event","0b6c7a54-7d0b-4d8e-9b43-3b3f2c1e5a10","holder.passportNo"]';
const TOKEN = /^enc:v1:(k\d):(aes-256-gcm|sm4-gcm):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]+)$/;

function cipherOf(active: keyof typeof KEYS, ...keys: (keyof typeof KEYS)[]): FieldCipher {
  return FieldCipher.fromConfig(keys.map((id) => KEYS[id]).join(','), active);
}

/** The HubError code `action` fails with (and that it is never retriable). */
function failureOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).retriable).toBe(false);
    return (error as HubError).code;
  }
  throw new Error('expected a failure');
}

/** The token with part `index` (0 enc, 1 v1, 2 key id, 3 alg, 4 iv, 5 sealed) replaced. */
function withPart(token: string, index: number, replace: (part: string) => string): string {
  const parts = token.split(':');
  parts[index] = replace(parts[index] ?? '');
  return parts.join(':');
}

/** base64url text with one bit of byte `at` (negative: from the end) flipped. */
function flipBit(text: string, at: number): string {
  const bytes = Buffer.from(text, 'base64url');
  const index = at < 0 ? bytes.length + at : at;
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return bytes.toString('base64url');
}

describe('FieldCipher', () => {
  describe.each<[keyof typeof KEYS, FieldAlgorithm]>([
    ['k1', 'aes-256-gcm'],
    ['k2', 'sm4-gcm'],
  ])('with an active %s key', (active, alg) => {
    const cipher = cipherOf(active, 'k1', 'k2');

    it.each([
      ['a passport number', 'E12345678'],
      ['a birth date', '1988-04-12'],
      ['a Latin name with accents', 'Élodie Marchand'],
      ['a Chinese name', '王小明'],
      ['empty text', ''],
      ['5000 characters', 'x'.repeat(5000)],
      ['text that looks like a token', 'enc:v1:looks:like:a:token'],
    ])(`round-trips %s under ${alg}`, (_case, plaintext) => {
      const token = cipher.encrypt(plaintext, CONTEXT);
      const [, keyId, tokenAlg, iv = '', sealed = ''] = TOKEN.exec(token) ?? [];
      expect([keyId, tokenAlg]).toEqual([active, alg]);
      expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
      expect(Buffer.from(sealed, 'base64url')).toHaveLength(Buffer.byteLength(plaintext) + 16);
      expect(token).not.toContain(plaintext || '\u0000');
      expect(cipher.decrypt(token, CONTEXT)).toBe(plaintext);
    });

    it('draws a new IV for every encryption, so equal values give unequal tokens', () => {
      const tokens = Array.from({ length: 200 }, () => cipher.encrypt('E12345678', CONTEXT));
      expect(new Set(tokens.map((token) => token.split(':')[4])).size).toBe(200);
    });

    it.each([
      ['a ciphertext bit', (token: string) => withPart(token, 5, (sealed) => flipBit(sealed, 0)), 'FIELD_AUTHENTICATION_FAILED'],
      ['a tag bit', (token: string) => withPart(token, 5, (sealed) => flipBit(sealed, -1)), 'FIELD_AUTHENTICATION_FAILED'],
      ['an IV bit', (token: string) => withPart(token, 4, (iv) => flipBit(iv, 5)), 'FIELD_AUTHENTICATION_FAILED'],
      [
        'a truncated tag',
        (token: string) => withPart(token, 5, (sealed) => Buffer.from(sealed, 'base64url').subarray(0, -4).toString('base64url')),
        'FIELD_AUTHENTICATION_FAILED',
      ],
      ['an unknown key id', (token: string) => withPart(token, 2, () => 'k9'), 'FIELD_KEY_UNKNOWN'],
      [
        'the other algorithm',
        (token: string) => withPart(token, 3, (a) => (a === 'sm4-gcm' ? 'aes-256-gcm' : 'sm4-gcm')),
        'FIELD_ALGORITHM_MISMATCH',
      ],
      ['a short IV', (token: string) => withPart(token, 4, (iv) => iv.slice(0, 12)), 'FIELD_TOKEN_MALFORMED'],
      ['a non-canonical IV', (token: string) => withPart(token, 4, (iv) => `${iv}=`), 'FIELD_TOKEN_MALFORMED'],
      ['another version', (token: string) => withPart(token, 1, () => 'v2'), 'FIELD_TOKEN_MALFORMED'],
      ['a missing part', (token: string) => token.split(':').slice(0, 5).join(':'), 'FIELD_TOKEN_MALFORMED'],
      ['plain text', () => 'E12345678', 'FIELD_TOKEN_MALFORMED'],
    ])('refuses a token with %s', (_case, tamper, code) => {
      const token = cipher.encrypt('E12345678', CONTEXT);
      expect(failureOf(() => cipher.decrypt(tamper(token), CONTEXT))).toBe(code);
    });

    it('refuses a token moved to another context (another row or field)', () => {
      const token = cipher.encrypt('E12345678', CONTEXT);
      expect(failureOf(() => cipher.decrypt(token, CONTEXT.replace('passportNo', 'name')))).toBe('FIELD_AUTHENTICATION_FAILED');
      expect(failureOf(() => cipher.decrypt(token, CONTEXT.replace('0b6c', '0b6d')))).toBe('FIELD_AUTHENTICATION_FAILED');
    });

    it('refuses to work without a context', () => {
      expect(failureOf(() => cipher.encrypt('E12345678', ''))).toBe('FIELD_CONTEXT_MISSING');
      expect(failureOf(() => cipher.decrypt(cipher.encrypt('E12345678', CONTEXT), ''))).toBe('FIELD_CONTEXT_MISSING');
    });
  });

  it('refuses a token under a key id that now names another key of the same algorithm', () => {
    const before = FieldCipher.fromConfig(KEYS.k1, 'k1');
    const after = FieldCipher.fromConfig(`k1:aes-256-gcm:${randomBytes(32).toString('base64')}`, 'k1');
    expect(failureOf(() => after.decrypt(before.encrypt('E12345678', CONTEXT), CONTEXT))).toBe('FIELD_AUTHENTICATION_FAILED');
  });

  it("refuses a token whose key id was swapped for another key's of the same algorithm", () => {
    const cipher = cipherOf('k1', 'k1', 'k3');
    const token = withPart(cipher.encrypt('E12345678', CONTEXT), 2, () => 'k3');
    expect(failureOf(() => cipher.decrypt(token, CONTEXT))).toBe('FIELD_AUTHENTICATION_FAILED');
  });

  it('gives every encryption its own IV, across many blocks of random bytes, and each token decrypts', () => {
    const cipher = cipherOf('k1', 'k1');
    const tokens = Array.from({ length: 2000 }, (_, index) => cipher.encrypt(`E${index}`, `ctx-${index}`));
    expect(new Set(tokens.map((token) => token.split(':')[4])).size).toBe(2000);
    expect(tokens.map((token, index) => cipher.decrypt(token, `ctx-${index}`))).toEqual(tokens.map((_, index) => `E${index}`));
  });

  it('refuses text that UTF-8 cannot carry unchanged', () => {
    expect(failureOf(() => cipherOf('k1', 'k1').encrypt('E1234\uD800', CONTEXT))).toBe('FIELD_VALUE_INVALID');
  });

  it('explains a failure without showing the value, the context or any key', () => {
    const cipher = cipherOf('k2', 'k2');
    const token = cipher.encrypt('E12345678', CONTEXT);
    let error: HubError | undefined;
    try {
      cipher.decrypt(token, 'elsewhere');
    } catch (caught) {
      error = caught as HubError;
    }
    expect(error?.message).toContain('did not authenticate');
    expect(error?.context).toEqual({ keyId: 'k2', alg: 'sm4-gcm' });
    expect(`${error?.message} ${JSON.stringify(error?.context)}`).not.toMatch(/E12345678|elsewhere|hub-event/);
    expect(error?.message).not.toContain(KEYS.k2.split(':')[2] ?? 'missing key');
  });

  describe('rotation', () => {
    const before = cipherOf('k1', 'k1');
    const after = cipherOf('k2', 'k1', 'k2');

    it('keeps tokens of the retired key readable and encrypts new values under the active one', () => {
      const old = before.encrypt('E12345678', CONTEXT);
      expect(after.decrypt(old, CONTEXT)).toBe('E12345678');
      expect(after.encrypt('E12345678', CONTEXT)).toMatch(/^enc:v1:k2:sm4-gcm:/);
      expect(after.activeKeyId).toBe('k2');
      expect(after.activeAlgorithm).toBe('sm4-gcm');
    });

    it('re-encrypts an old token under the active key, bound to the same context', () => {
      const old = before.encrypt('E12345678', CONTEXT);
      expect(after.isCurrent(old)).toBe(false);
      const fresh = after.reencrypt(old, CONTEXT);
      expect(fresh).toMatch(/^enc:v1:k2:sm4-gcm:/);
      expect(after.isCurrent(fresh)).toBe(true);
      expect(after.decrypt(fresh, CONTEXT)).toBe('E12345678');
      expect(failureOf(() => after.decrypt(fresh, 'another context'))).toBe('FIELD_AUTHENTICATION_FAILED');
    });

    it('leaves a current token as it is, but still checks that it authenticates', () => {
      const current = after.encrypt('E12345678', CONTEXT);
      expect(after.reencrypt(current, CONTEXT)).toBe(current);
      expect(failureOf(() => after.reencrypt(current, 'another context'))).toBe('FIELD_AUTHENTICATION_FAILED');
      expect(
        failureOf(() =>
          after.reencrypt(
            withPart(current, 5, (s) => flipBit(s, 0)),
            CONTEXT,
          ),
        ),
      ).toBe('FIELD_AUTHENTICATION_FAILED');
    });

    it('cannot read tokens once their key has left the keyring', () => {
      const old = before.encrypt('E12345678', CONTEXT);
      expect(failureOf(() => cipherOf('k2', 'k2').decrypt(old, CONTEXT))).toBe('FIELD_KEY_UNKNOWN');
    });
  });

  it('describes itself in logs and JSON by key ids and algorithms only', () => {
    const cipher = cipherOf('k2', 'k1', 'k2');
    expect(cipher.describe()).toEqual({ active: 'k2', keys: { k1: 'aes-256-gcm', k2: 'sm4-gcm' } });
    for (const shown of [JSON.stringify(cipher), inspect(cipher, { depth: 10, showHidden: true })]) {
      for (const entry of [KEYS.k1, KEYS.k2]) expect(shown).not.toContain(entry.split(':')[2] ?? 'missing key');
    }
  });
});
