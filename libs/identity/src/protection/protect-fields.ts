import type { FieldCipher } from './field-cipher.js';
import { looksEncrypted } from './field-token.js';
import { maskIdentifier } from './mask-identifier.js';
import { FIELD_PROTECTION_CODES, FieldProtectionError } from './protection.errors.js';
import { RAW_IDENTIFIER_FIELDS, rewriteFields, type ProtectedField } from './raw-identifier-fields.js';

/** The encryption context (AAD) of the value at a concrete field path, e.g. event id plus path. */
export type ContextFor = (path: string) => string;

export interface FieldOptions {
  /** The places to protect; RAW_IDENTIFIER_FIELDS when left out. */
  readonly fields?: readonly ProtectedField[];
}

/**
 * A copy of `data` with every raw identifier encrypted, each bound to `contextFor(path)`. Every string
 * is encrypted, even one that looks like a token, so decryption always gives back exactly what came in.
 */
export function encryptFields<T>(cipher: FieldCipher, data: T, contextFor: ContextFor, options: FieldOptions = {}): T {
  return rewriteFields(data, options.fields ?? RAW_IDENTIFIER_FIELDS, (value, { path }) =>
    atPath(path, () => cipher.encrypt(requireString(value), contextFor(path))),
  );
}

export interface DecryptFieldOptions extends FieldOptions {
  /** Pass plain text through instead of refusing it (FIELD_NOT_ENCRYPTED), while old rows are still being encrypted. */
  readonly allowPlaintext?: boolean;
}

/** A copy of `data` with every raw identifier decrypted; a value that fails to decrypt fails the whole call. */
export function decryptFields<T>(cipher: FieldCipher, data: T, contextFor: ContextFor, options: DecryptFieldOptions = {}): T {
  return rewriteFields(data, options.fields ?? RAW_IDENTIFIER_FIELDS, (value, { path }) =>
    atPath(path, () => {
      const text = requireString(value);
      if (looksEncrypted(text)) return cipher.decrypt(text, contextFor(path));
      if (options.allowPlaintext) return text;
      throw new FieldProtectionError(
        FIELD_PROTECTION_CODES.notEncrypted,
        'The field holds plain text where an encrypted value belongs. Encrypt stored rows (reencryptColumn with encryptPlaintext) before refusing plain text.',
      );
    }),
  );
}

export interface ReencryptFieldOptions extends FieldOptions {
  /** Encrypt plain-text values found (rows written before encryption) instead of refusing them. */
  readonly encryptPlaintext?: boolean;
}

/** `data` with every token under the active key (see FieldCipher.reencrypt), and how many values changed. */
export function reencryptFields<T>(
  cipher: FieldCipher,
  data: T,
  contextFor: ContextFor,
  options: ReencryptFieldOptions = {},
): { data: T; changed: number } {
  let changed = 0;
  const result = rewriteFields(data, options.fields ?? RAW_IDENTIFIER_FIELDS, (value, { path }) =>
    atPath(path, () => {
      const text = requireString(value);
      let next: string;
      if (looksEncrypted(text)) next = cipher.reencrypt(text, contextFor(path));
      else if (options.encryptPlaintext) next = cipher.encrypt(text, contextFor(path));
      else
        throw new FieldProtectionError(
          FIELD_PROTECTION_CODES.notEncrypted,
          'The field holds plain text; pass encryptPlaintext to encrypt it.',
        );
      if (next !== text) changed += 1;
      return next;
    }),
  );
  return { data: result, changed };
}

/** A copy of `data` fit for logs and restricted API output: every raw identifier masked by its kind. */
export function maskFields<T>(data: T, options: FieldOptions = {}): T {
  return rewriteFields(data, options.fields ?? RAW_IDENTIFIER_FIELDS, (value, { field }) =>
    typeof value === 'string' ? maskIdentifier(value, field.kind) : '****',
  );
}

function requireString(value: unknown): string {
  if (typeof value === 'string') return value;
  throw new FieldProtectionError(FIELD_PROTECTION_CODES.valueInvalid, `A raw-identifier field must hold text, not ${typeof value}.`);
}

/** Runs `step` for the value at `path`, naming the path in any protection error. */
function atPath(path: string, step: () => string): string {
  try {
    return step();
  } catch (error) {
    if (error instanceof FieldProtectionError) {
      throw new FieldProtectionError(error.code, `Field ${path}: ${error.message}`, { ...error.context, path }, error);
    }
    throw error;
  }
}
