import { signBytes } from './algorithms.js';
import { parsePrivateKey, type PrivateKeyInput } from './keys.js';
import { formatSignature, KEY_ID_PATTERN, type SignatureAlgorithm } from './signature-format.js';
import { signingInput } from './signing-input.js';

export interface SignEventOptions {
  readonly alg: SignatureAlgorithm;
  /** The id under which the hub has the matching public key registered for the event's agency. */
  readonly keyId: string;
  /** A KeyObject or PKCS#8 PEM private key of `alg`. */
  readonly privateKey: PrivateKeyInput;
}

/**
 * Returns a copy of `event` with `signature` set to `<alg>:<keyId>:<base64url signature>` over
 * signingInput(event). The event is not changed. A `signature` already present is replaced; `subject`
 * may be present or not, and may change later, without affecting the signature.
 *
 * Throws a TypeError or RangeError for a wrong key or key id, and EventSignatureError
 * EVENT_NOT_CANONICALIZABLE when the event holds a value JSON cannot carry.
 */
export function signEvent<T extends object>(event: T, { alg, keyId, privateKey }: SignEventOptions): T & { signature: string } {
  if (!KEY_ID_PATTERN.test(keyId)) throw new RangeError(`Key id "${keyId}" must be 1–64 characters a-z, 0-9 or -.`);
  const key = parsePrivateKey(alg, privateKey);
  const signature = formatSignature({ alg, keyId, signature: signBytes(alg, key, signingInput(event)) });
  return { ...event, signature };
}
