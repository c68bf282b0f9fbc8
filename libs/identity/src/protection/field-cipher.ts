import { randomFillSync } from 'node:crypto';
import { inspect } from 'node:util';
import { bindAead, FIELD_IV_BYTES, type BoundAead, type FieldAlgorithm } from './field-algorithms.js';
import { formatFieldToken, parseFieldToken, tokenHeader, type FieldToken } from './field-token.js';
import { checkKeyring, parseKeyring, type Keyring } from './keyring.js';
import { FIELD_PROTECTION_CODES, FieldProtectionError } from './protection.errors.js';

interface RingKey {
  readonly alg: FieldAlgorithm;
  readonly aead: BoundAead;
}

/**
 * Encrypts single field values (passport number, birth date, name …) into self-describing tokens
 * (see field-token.ts) under the keyring's active key, and decrypts tokens under whichever key of
 * the ring they name, so values written before a rotation stay readable.
 *
 * Every call takes a context, the additional authenticated data that binds the value to where it
 * belongs (e.g. `eventFieldContext(eventId, 'holder.passportNo')`): a token copied to another row
 * or field does not decrypt there. Each encryption draws a fresh random 96-bit IV; keep well below
 * 2^32 encryptions per key (NIST SP 800-38D) by rotating keys, which the keyring makes routine.
 */
export class FieldCipher {
  readonly #keys = new Map<string, RingKey>();
  readonly #active: string;
  #ivBlock: Buffer = Buffer.alloc(0);
  #ivOffset = 0;

  constructor(keyring: Keyring) {
    checkKeyring(keyring);
    for (const [id, { alg, key }] of Object.entries(keyring.keys)) this.#keys.set(id, { alg, aead: bindAead(alg, key) });
    this.#active = keyring.active;
  }

  /** A cipher from the keyring setting and active key id (see parseKeyring for the format). */
  static fromConfig(keys: string, active: string, setting?: string): FieldCipher {
    return new FieldCipher(parseKeyring(keys, active, setting));
  }

  /** The id of the key new values are encrypted with. */
  get activeKeyId(): string {
    return this.#active;
  }

  /** The algorithm of the active key. */
  get activeAlgorithm(): FieldAlgorithm {
    return this.#ring(this.#active).alg;
  }

  /** Encrypts `plaintext` under the active key, bound to `context`. */
  encrypt(plaintext: string, context: string): string {
    requireContext(context);
    requireWellFormed(plaintext);
    const key = this.#ring(this.#active);
    const iv = this.#nextIv();
    const { ciphertext, tag } = key.aead.seal(iv, Buffer.from(plaintext, 'utf8'), additionalData(this.#active, key.alg, context));
    return formatFieldToken({ keyId: this.#active, alg: key.alg, iv, ciphertext, tag });
  }

  /** The plaintext of `token`, which must have been encrypted with the same `context`. */
  decrypt(token: string, context: string): string {
    requireContext(context);
    return Buffer.from(this.#open(parseFieldToken(token), context)).toString('utf8');
  }

  /**
   * `token` under the active key: the same token when it is already under it (after checking that it
   * authenticates), else a new token of the same plaintext and context.
   */
  reencrypt(token: string, context: string): string {
    requireContext(context);
    const parsed = parseFieldToken(token);
    const plaintext = this.#open(parsed, context);
    if (parsed.keyId === this.#active) return token;
    return this.encrypt(Buffer.from(plaintext).toString('utf8'), context);
  }

  /** Whether `token` is under the active key (its format is checked, its authenticity is not). */
  isCurrent(token: string): boolean {
    return parseFieldToken(token).keyId === this.#active;
  }

  /** What the cipher holds, without key material (for logs and health output). */
  describe(): { active: string; keys: Record<string, FieldAlgorithm> } {
    return { active: this.#active, keys: Object.fromEntries([...this.#keys].map(([id, key]) => [id, key.alg])) };
  }

  toJSON(): ReturnType<FieldCipher['describe']> {
    return this.describe();
  }

  [inspect.custom](): string {
    return `FieldCipher ${JSON.stringify(this.describe())}`;
  }

  #open(token: FieldToken, context: string): Uint8Array {
    const key = this.#keys.get(token.keyId);
    if (!key) {
      throw new FieldProtectionError(
        FIELD_PROTECTION_CODES.keyUnknown,
        `The value was encrypted with key ${token.keyId}, which is not in the keyring (it holds ${[...this.#keys.keys()].join(', ')}). Add the key back to the keyring; keep retired keys until no stored value uses them.`,
        { keyId: token.keyId },
      );
    }
    if (key.alg !== token.alg) {
      throw new FieldProtectionError(
        FIELD_PROTECTION_CODES.algorithmMismatch,
        `The value names algorithm ${token.alg} but key ${token.keyId} is a ${key.alg} key. The stored value was altered, or the key id was reused for another key; restore the value or the original key.`,
        { keyId: token.keyId, alg: token.alg },
      );
    }
    const plaintext = key.aead.open(token.iv, token.ciphertext, token.tag, additionalData(token.keyId, key.alg, context));
    if (!plaintext) {
      throw new FieldProtectionError(
        FIELD_PROTECTION_CODES.authenticationFailed,
        `The value under key ${token.keyId} did not authenticate: its ciphertext, tag, IV or key id was altered, it was moved from another field or row (another context), or key ${token.keyId} is not the key it was encrypted with. Do not use it; restore it from its source.`,
        { keyId: token.keyId, alg: key.alg },
      );
    }
    return plaintext;
  }

  /**
   * 12 fresh random bytes: slices of a block drawn from the CSPRNG at once (one call for many
   * fields instead of one per field). Each slice is handed out once; a spent block is replaced by
   * a new buffer, never refilled, so no IV is ever given twice.
   */
  #nextIv(): Uint8Array {
    if (this.#ivOffset + FIELD_IV_BYTES > this.#ivBlock.length) {
      this.#ivBlock = randomFillSync(Buffer.allocUnsafeSlow(IV_BLOCK_BYTES));
      this.#ivOffset = 0;
    }
    const iv = this.#ivBlock.subarray(this.#ivOffset, this.#ivOffset + FIELD_IV_BYTES);
    this.#ivOffset += FIELD_IV_BYTES;
    return iv;
  }

  #ring(id: string): RingKey {
    const key = this.#keys.get(id);
    if (!key) throw new Error(`Key ${id} vanished from the keyring.`);
    return key;
  }
}

/** IVs drawn per call to the CSPRNG: 341 of them. */
const IV_BLOCK_BYTES = 4092;

/** GCM additional data: the token header, 0x00 (never in a header), then the caller's context. */
function additionalData(keyId: string, alg: FieldAlgorithm, context: string): Buffer {
  return Buffer.from(`${tokenHeader(keyId, alg)}\u0000${context}`, 'utf8');
}

function requireContext(context: string): void {
  if (typeof context !== 'string' || context === '') {
    throw new FieldProtectionError(
      FIELD_PROTECTION_CODES.contextMissing,
      'A field is encrypted and decrypted with a context (e.g. event id and field path) that binds it to its place; none was given.',
    );
  }
}

/** Lone UTF-16 surrogates would not survive UTF-8 and come back altered, so they are refused. */
function requireWellFormed(plaintext: string): void {
  if (typeof plaintext !== 'string' || /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(plaintext)) {
    throw new FieldProtectionError(
      FIELD_PROTECTION_CODES.valueInvalid,
      'Only well-formed text can be encrypted as a field; the value is not a string or holds a lone UTF-16 surrogate.',
    );
  }
}
