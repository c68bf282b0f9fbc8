import { FIELD_IV_BYTES, FIELD_TAG_BYTES } from './field-algorithms.js';
import { FIELD_KEY_ID_PATTERN } from './keyring.js';
import { FIELD_PROTECTION_CODES, FieldProtectionError } from './protection.errors.js';

/**
 * An encrypted field as stored: `enc:v1:<keyId>:<alg>:<iv>:<sealed>`, six parts separated by `:`.
 *
 * - `enc` marks an encrypted value, `v1` this layout;
 * - `keyId` names the keyring key (1–32 of `A–Z a–z 0–9 _ -`), `alg` its algorithm (`aes-256-gcm`, `sm4-gcm`);
 * - `iv` is the 12-byte random IV, `sealed` the ciphertext followed by the 16-byte GCM tag, both
 *   base64url without padding (RFC 4648 §5), in canonical form.
 *
 * The header `enc:v1:<keyId>:<alg>` is authenticated with the value: the GCM additional data is
 * the header's UTF-8 bytes, one 0x00 byte, then the caller's context (see FieldCipher).
 */
export const FIELD_TOKEN_PREFIX = 'enc:v1:';

export interface FieldToken {
  readonly keyId: string;
  readonly alg: string;
  readonly iv: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly tag: Uint8Array;
}

/** Whether a value is meant as an encrypted field (of any version): it starts with `enc:`. */
export function looksEncrypted(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('enc:');
}

/** The authenticated header of a token. */
export function tokenHeader(keyId: string, alg: string): string {
  return `${FIELD_TOKEN_PREFIX}${keyId}:${alg}`;
}

export function formatFieldToken(token: FieldToken): string {
  const sealed = Buffer.concat([token.ciphertext, token.tag]);
  return `${tokenHeader(token.keyId, token.alg)}:${Buffer.from(token.iv).toString('base64url')}:${sealed.toString('base64url')}`;
}

/** Splits a token into its parts, refusing (FIELD_TOKEN_MALFORMED) anything not exactly in the v1 layout. */
export function parseFieldToken(token: string): FieldToken {
  if (typeof token !== 'string' || !token.startsWith('enc:')) {
    throw malformed('The value is not an encrypted field: it does not start with "enc:".');
  }
  const parts = token.split(':');
  const version = parts[1] ?? '';
  if (version !== 'v1') {
    const shown = /^v\d{1,4}$/.test(version) ? version : 'given';
    throw malformed(`The encrypted field has format version ${shown}, which this build cannot read; it reads v1.`);
  }
  if (parts.length !== 6) throw malformed(`An encrypted field has 6 parts separated by ":"; this one has ${parts.length}.`);
  const [, , keyId = '', alg = '', ivText = '', sealedText = ''] = parts;
  if (!FIELD_KEY_ID_PATTERN.test(keyId)) throw malformed('The key id of the encrypted field is not a valid key id.');
  if (!/^[a-z0-9-]{1,32}$/.test(alg)) throw malformed(`The algorithm of the encrypted field (key ${keyId}) is not a valid algorithm name.`);
  const iv = decodeBase64Url(ivText, 'IV', keyId);
  if (iv.length !== FIELD_IV_BYTES)
    throw malformed(`The IV of the encrypted field (key ${keyId}) is ${iv.length} bytes; it must be ${FIELD_IV_BYTES}.`);
  const sealed = decodeBase64Url(sealedText, 'ciphertext', keyId);
  if (sealed.length < FIELD_TAG_BYTES) {
    throw malformed(`The ciphertext of the encrypted field (key ${keyId}) is shorter than its ${FIELD_TAG_BYTES}-byte authentication tag.`);
  }
  return {
    keyId,
    alg,
    iv,
    ciphertext: sealed.subarray(0, sealed.length - FIELD_TAG_BYTES),
    tag: sealed.subarray(sealed.length - FIELD_TAG_BYTES),
  };
}

function decodeBase64Url(text: string, part: string, keyId: string): Buffer {
  const bytes = Buffer.from(text, 'base64url');
  // Buffer skips characters it does not know and ignores stray trailing bits; only the canonical form passes.
  if (!/^[A-Za-z0-9_-]+$/.test(text) || bytes.toString('base64url') !== text) {
    throw malformed(`The ${part} of the encrypted field (key ${keyId}) is not canonical unpadded base64url.`);
  }
  return bytes;
}

function malformed(message: string): FieldProtectionError {
  return new FieldProtectionError(FIELD_PROTECTION_CODES.tokenMalformed, `${message} The stored value is damaged or not a field token.`);
}
