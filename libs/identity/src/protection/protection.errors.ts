import { HubError, type ErrorContext } from '@hub/contracts';

/**
 * The stable codes of field-protection failures. None is retriable: a bad keyring, a malformed or
 * altered token or a missing key does not heal by trying again.
 */
export const FIELD_PROTECTION_CODES = {
  /** The keyring configuration is wrong (see the message for what and where). */
  keyringInvalid: 'FIELD_KEYRING_INVALID',
  /** encrypt/decrypt was called without a context (AAD) to bind the value to. */
  contextMissing: 'FIELD_CONTEXT_MISSING',
  /** The string is not an `enc:v1:` token, or one of its parts is malformed. */
  tokenMalformed: 'FIELD_TOKEN_MALFORMED',
  /** The token names a key id that the keyring does not hold. */
  keyUnknown: 'FIELD_KEY_UNKNOWN',
  /** The token names another algorithm than the keyring's key of that id uses. */
  algorithmMismatch: 'FIELD_ALGORITHM_MISMATCH',
  /** Authentication failed: ciphertext, tag, IV, key id or context altered, or another key under that id. */
  authenticationFailed: 'FIELD_AUTHENTICATION_FAILED',
  /** A field that must hold a token holds plain text. */
  notEncrypted: 'FIELD_NOT_ENCRYPTED',
  /** A value to encrypt is not well-formed text (not a string, or a lone UTF-16 surrogate). */
  valueInvalid: 'FIELD_VALUE_INVALID',
  /** A table or column name given to the re-encryption helper is not a plain SQL identifier, or not found. */
  targetInvalid: 'FIELD_REENCRYPT_TARGET_INVALID',
} as const;

export type FieldProtectionCode = (typeof FIELD_PROTECTION_CODES)[keyof typeof FIELD_PROTECTION_CODES];

/**
 * A failure to protect or unprotect a field. Messages and context never carry key material or the
 * protected values, only key ids, algorithm names and field paths.
 */
export class FieldProtectionError extends HubError {
  constructor(
    override readonly code: FieldProtectionCode,
    message: string,
    context?: ErrorContext,
    cause?: unknown,
  ) {
    super(code, message, { retriable: false, context, cause });
  }
}
