import { createSecretKey, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { HubError } from '@hub/contracts';
import { checkKeyring, generateKeyringEntry, parseKeyring } from './keyring.js';

const AES_KEY = randomBytes(32).toString('base64');
const SM4_KEY = randomBytes(16).toString('base64');

/** The error parseKeyring throws for `spec`, checked to be FIELD_KEYRING_INVALID and to show no key material. */
function parseError(spec: string, active = 'k1'): HubError {
  let caught: unknown;
  try {
    parseKeyring(spec, active, 'FIELD_ENCRYPTION_KEYS');
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(HubError);
  const error = caught as HubError;
  expect(error.code).toBe('FIELD_KEYRING_INVALID');
  expect(error.retriable).toBe(false);
  for (const secret of [AES_KEY, SM4_KEY, AES_KEY.slice(0, 8), SM4_KEY.slice(0, 8)]) expect(error.message).not.toContain(secret);
  return error;
}

describe('parseKeyring', () => {
  it('reads ids, algorithms and keys, tolerating spaces and line breaks between entries', () => {
    const keyring = parseKeyring(` k1:aes-256-gcm:${AES_KEY} ,\n k2:sm4-gcm:${SM4_KEY}\n`, 'k2');
    expect(keyring.active).toBe('k2');
    expect(Object.keys(keyring.keys)).toEqual(['k1', 'k2']);
    expect(keyring.keys.k1?.alg).toBe('aes-256-gcm');
    expect(keyring.keys.k1?.key.export().toString('base64')).toBe(AES_KEY);
    expect(keyring.keys.k2?.alg).toBe('sm4-gcm');
    expect(keyring.keys.k2?.key.symmetricKeySize).toBe(16);
  });

  it('keeps the key material out of logs and JSON', () => {
    const keyring = parseKeyring(`k1:aes-256-gcm:${AES_KEY}`, 'k1');
    const material = Buffer.from(AES_KEY, 'base64').toString('hex');
    for (const shown of [JSON.stringify(keyring), inspect(keyring, { depth: 10 })]) {
      expect(shown).not.toContain(AES_KEY);
      expect(shown).not.toContain(material);
    }
  });

  it.each([
    ['an empty setting', '', 'is empty'],
    ['a stray comma', `k1:aes-256-gcm:${AES_KEY},`, 'entry 2 is empty'],
    ['a missing part', `aes-256-gcm:${AES_KEY}`, 'entry 1 must have the form <keyId>:<algorithm>:<base64 key>, but has 2 part(s)'],
    ['an extra part', `k1:aes-256-gcm:${AES_KEY}:more`, 'but has 4 part(s)'],
    ['a key where the id belongs', `${AES_KEY}:aes-256-gcm:${AES_KEY}`, 'entry 1: the key id is not valid (not shown)'],
    ['an id with a space', `k 1:aes-256-gcm:${AES_KEY}`, 'the key id is not valid'],
    ['an unknown algorithm', `k1:aes-128-gcm:${AES_KEY}`, 'key k1 names "aes-128-gcm" as algorithm; use one of aes-256-gcm, sm4-gcm'],
    ['a key where the algorithm belongs', `k1:${AES_KEY}:aes-256-gcm`, 'key k1 names the value given as algorithm'],
    ['unpadded base64url', `k1:aes-256-gcm:${randomBytes(32).toString('base64url')}`, 'not standard padded base64'],
    ['missing padding', `k1:sm4-gcm:${SM4_KEY.replace(/=+$/, '')}`, 'not standard padded base64'],
    ['an empty key', 'k1:aes-256-gcm:', 'not standard padded base64'],
    ['a 16-byte AES key', `k1:aes-256-gcm:${SM4_KEY}`, 'key k1 (aes-256-gcm) must be 32 bytes, but decodes to 16'],
    ['a 32-byte SM4 key', `k1:sm4-gcm:${AES_KEY}`, 'key k1 (sm4-gcm) must be 16 bytes, but decodes to 32'],
    ['a key of zeros', `k1:aes-256-gcm:${Buffer.alloc(32).toString('base64')}`, 'every byte equal'],
    ['a repeated id', `k1:aes-256-gcm:${AES_KEY},k1:sm4-gcm:${SM4_KEY}`, 'entry 2: key id k1 is used twice'],
    ['a repeated key', `k1:sm4-gcm:${SM4_KEY},k2:sm4-gcm:${SM4_KEY}`, 'key k2 has the same key material as key k1'],
  ])('refuses %s, saying where and what', (_case, spec, expected) => {
    const error = parseError(spec);
    expect(error.message).toContain('FIELD_ENCRYPTION_KEYS');
    expect(error.message).toContain(expected);
  });

  it('refuses an active id that is missing or not in the ring, naming the ids it holds', () => {
    expect(parseError(`k1:aes-256-gcm:${AES_KEY}`, ' ').message).toContain('no active key id is given');
    expect(parseError(`k1:aes-256-gcm:${AES_KEY},k2:sm4-gcm:${SM4_KEY}`, 'k3').message).toContain(
      'the active key id "k3" is not in the keyring, which holds k1, k2',
    );
    expect(parseError(`k1:aes-256-gcm:${AES_KEY}`, AES_KEY).message).toContain('active key id (not valid, not shown)');
  });
});

describe('checkKeyring', () => {
  it('accepts a keyring built in code and refuses one whose key does not fit its algorithm', () => {
    const keyring = { active: 'k1', keys: { k1: { alg: 'sm4-gcm' as const, key: createSecretKey(randomBytes(16)) } } };
    expect(checkKeyring(keyring)).toBe(keyring);
    expect(() => checkKeyring({ active: 'k1', keys: { k1: { alg: 'aes-256-gcm', key: createSecretKey(randomBytes(16)) } } })).toThrow(
      'key k1 (aes-256-gcm) must be a secret key of 32 bytes',
    );
    expect(() => checkKeyring({ active: 'k1', keys: {} })).toThrow('holds no key');
  });
});

describe('generateKeyringEntry', () => {
  it('makes an entry with a fresh key that parseKeyring accepts', () => {
    const entry = generateKeyringEntry('k3', 'sm4-gcm');
    expect(entry).toMatch(/^k3:sm4-gcm:[A-Za-z0-9+/]{22}==$/);
    expect(parseKeyring(entry, 'k3').keys.k3?.alg).toBe('sm4-gcm');
    expect(generateKeyringEntry('k3', 'sm4-gcm')).not.toBe(entry);
    expect(() => generateKeyringEntry('k:3', 'aes-256-gcm')).toThrow('not valid');
  });
});
