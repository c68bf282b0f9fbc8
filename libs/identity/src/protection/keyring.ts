import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { FIELD_ALGORITHMS, isFieldAlgorithm, FIELD_KEY_BYTES, type FieldAlgorithm } from './field-algorithms.js';
import { FIELD_PROTECTION_CODES, FieldProtectionError } from './protection.errors.js';

/** One key of the ring. The material stays in a KeyObject, which neither logs nor serialises it. */
export interface FieldKey {
  readonly alg: FieldAlgorithm;
  readonly key: KeyObject;
}

/** Every key that may still be needed to decrypt, by id, and the id of the one new values are encrypted with. */
export interface Keyring {
  readonly active: string;
  readonly keys: Readonly<Record<string, FieldKey>>;
}

/** Key ids: 1–32 letters, digits, `_` or `-`, starting with a letter or digit (so no `:` and no `__proto__`). */
export const FIELD_KEY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Parses a keyring setting: comma-separated entries `<keyId>:<algorithm>:<base64 key>`, e.g.
 * `k1:aes-256-gcm:<44 base64 chars>,k2:sm4-gcm:<24 base64 chars>`, and the id of the active key.
 * The algorithm is `aes-256-gcm` (32-byte key) or `sm4-gcm` (16-byte key); the key is standard
 * padded base64, as `openssl rand -base64 32` prints it. Spaces and line breaks around entries are
 * ignored.
 *
 * Everything is checked strictly: entry shape, key id, algorithm, base64, key length, duplicate ids
 * or key material, a key whose bytes are all equal, the active id. Errors (FIELD_KEYRING_INVALID)
 * say which entry and what is wrong, never the key material. `setting` names the configuration
 * entry in those messages, e.g. `FIELD_ENCRYPTION_KEYS`.
 */
export function parseKeyring(spec: string, active: string, setting = 'the field-encryption keyring'): Keyring {
  const entries = spec.split(',').map((entry) => entry.trim());
  if (entries.length === 1 && entries[0] === '') {
    throw keyringError(`${setting} is empty: give at least one key as <keyId>:<algorithm>:<base64 key>.`);
  }
  const keys: Record<string, FieldKey> = Object.create(null) as Record<string, FieldKey>;
  const material = new Map<string, string>();
  entries.forEach((entry, index) => {
    const where = `${setting}, entry ${index + 1}`;
    const { id, alg, key } = parseEntry(entry, where);
    if (Object.hasOwn(keys, id)) throw keyringError(`${where}: key id ${id} is used twice; every key needs its own id.`);
    const fingerprint = key.toString('hex');
    const twin = material.get(fingerprint);
    if (twin !== undefined)
      throw keyringError(`${where}: key ${id} has the same key material as key ${twin}; generate a new key for each id.`);
    material.set(fingerprint, id);
    keys[id] = { alg, key: createSecretKey(key) };
    key.fill(0);
  });
  return checkKeyring({ active: active.trim(), keys }, setting);
}

/**
 * Checks a keyring built in code the way parseKeyring checks a setting: valid ids and algorithms,
 * right-sized keys, an active id that names one of them. Returns it unchanged.
 */
export function checkKeyring(keyring: Keyring, setting = 'the field-encryption keyring'): Keyring {
  const ids = Object.keys(keyring.keys);
  if (ids.length === 0) throw keyringError(`${setting} holds no key; give at least one.`);
  for (const id of ids) {
    const entry = keyring.keys[id];
    if (!FIELD_KEY_ID_PATTERN.test(id)) throw keyringError(`${setting}: a key id ${KEY_ID_RULE}`);
    if (!entry || !isFieldAlgorithm(entry.alg))
      throw keyringError(`${setting}: key ${id} has no supported algorithm (${FIELD_ALGORITHMS.join(' or ')}).`);
    if (entry.key.type !== 'secret' || entry.key.symmetricKeySize !== FIELD_KEY_BYTES[entry.alg]) {
      throw keyringError(`${setting}: key ${id} (${entry.alg}) must be a secret key of ${FIELD_KEY_BYTES[entry.alg]} bytes.`);
    }
  }
  if (!keyring.active) throw keyringError(`${setting}: no active key id is given; name the key new values are encrypted with.`);
  if (!Object.hasOwn(keyring.keys, keyring.active)) {
    throw keyringError(`${setting}: the active key id ${shownId(keyring.active)} is not in the keyring, which holds ${ids.join(', ')}.`);
  }
  return keyring;
}

/** A new keyring entry with a fresh random key, for an operator adding a key before a rotation. */
export function generateKeyringEntry(id: string, alg: FieldAlgorithm): string {
  if (!FIELD_KEY_ID_PATTERN.test(id)) throw keyringError(`The key id ${KEY_ID_RULE}`);
  return `${id}:${alg}:${randomBytes(FIELD_KEY_BYTES[alg]).toString('base64')}`;
}

/** Invalid ids are never echoed: a key pasted into the wrong place would otherwise show in the message. */
const KEY_ID_RULE = 'is not valid (not shown): use 1–32 letters, digits, _ or -, starting with a letter or digit.';

function parseEntry(entry: string, where: string): { id: string; alg: FieldAlgorithm; key: Buffer } {
  if (entry === '') throw keyringError(`${where} is empty; remove the stray comma.`);
  const parts = entry.split(':');
  if (parts.length !== 3) {
    throw keyringError(`${where} must have the form <keyId>:<algorithm>:<base64 key>, but has ${parts.length} part(s) separated by ":".`);
  }
  const [id = '', alg = '', encoded = ''] = parts.map((part) => part.trim());
  if (!FIELD_KEY_ID_PATTERN.test(id)) throw keyringError(`${where}: the key id ${KEY_ID_RULE}`);
  if (!isFieldAlgorithm(alg)) {
    const shown = /^[A-Za-z0-9-]{1,24}$/.test(alg) ? `"${alg}"` : 'the value given';
    throw keyringError(`${where}: key ${id} names ${shown} as algorithm; use one of ${FIELD_ALGORITHMS.join(', ')}.`);
  }
  if (!STANDARD_BASE64.test(encoded) || encoded === '') {
    throw keyringError(`${where}: the key of ${id} is not standard padded base64 (A–Z, a–z, 0–9, +, / and = padding).`);
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== FIELD_KEY_BYTES[alg]) {
    throw keyringError(`${where}: key ${id} (${alg}) must be ${FIELD_KEY_BYTES[alg]} bytes, but decodes to ${key.length}.`);
  }
  if (key.every((byte) => byte === key[0])) {
    throw keyringError(
      `${where}: key ${id} has every byte equal, so it is not a random key; generate one, e.g. openssl rand -base64 ${FIELD_KEY_BYTES[alg]}.`,
    );
  }
  return { id, alg, key };
}

/** A valid key id as it may be shown (ids are not secret); anything else is not echoed. */
function shownId(value: string): string {
  return FIELD_KEY_ID_PATTERN.test(value) ? `"${value}"` : '(not valid, not shown)';
}

function keyringError(message: string): FieldProtectionError {
  return new FieldProtectionError(FIELD_PROTECTION_CODES.keyringInvalid, message);
}
