import type { KeyObject } from 'node:crypto';
import { verifyBytes } from './algorithms.js';
import { parsePublicKey, type PublicKeyInput } from './keys.js';
import { parseSignature, SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from './signature-format.js';
import { EventSignatureError, SIGNATURE_ERROR_CODES } from './signature.errors.js';
import { signingInput } from './signing-input.js';

/**
 * `active`: the key signs today's events. `retired`: rotated out, no longer used for new events, but
 * events it signed still verify (late deliveries, replays from an outbox). `revoked`: compromised or
 * withdrawn; nothing signed with it is accepted any more.
 */
export type SigningKeyStatus = 'active' | 'retired' | 'revoked';

/** One public key of an agency as the hub's key registry holds it. An agency may have several. */
export interface RegisteredSigningKey {
  readonly alg: SignatureAlgorithm;
  /** SPKI PEM (the canonical form), raw unpadded base64url, or a KeyObject. */
  readonly publicKey: PublicKeyInput;
  /** The agency the key belongs to, as in the envelope's `agency` (e.g. `bureau-310000`). */
  readonly agencyId: string;
  readonly status: SigningKeyStatus;
}

/** Finds the registered key of a key id; key ids are unique across agencies. May answer synchronously or not. */
export type SigningKeyLookup = (keyId: string) => RegisteredSigningKey | undefined | Promise<RegisteredSigningKey | undefined>;

/** What a verified signature tells: which key of which agency signed the event. */
export interface VerifiedEventSignature {
  readonly alg: SignatureAlgorithm;
  readonly keyId: string;
  readonly agencyId: string;
  /** `retired` means the event verified with a rotated-out key; worth a look if it is not an old event. */
  readonly keyStatus: Exclude<SigningKeyStatus, 'revoked'>;
}

/** One signature to check over the bytes it covers, with a key already read and matched to its algorithm. */
export interface SignatureCheck {
  readonly alg: SignatureAlgorithm;
  readonly publicKey: KeyObject;
  readonly input: Uint8Array;
  readonly signature: Uint8Array;
}

export interface VerifyEventOptions {
  /** The bytes the signature covers, for callers that canonicalize the event once for several uses (see canonicalForms). */
  readonly signingInput?: (event: object) => Uint8Array;
  /** Checks the signature itself, e.g. on a worker thread (see SignatureWorkerPool); in this thread when left out. */
  readonly verify?: (check: SignatureCheck) => boolean | Promise<boolean>;
}

/** A signature check in this thread. */
export function verifyCheck({ alg, publicKey, input, signature }: SignatureCheck): boolean {
  return verifyBytes(alg, publicKey, input, signature);
}

const FORMAT_HELP = `Write it as <alg>:<keyId>:<signature>, with alg one of ${SIGNATURE_ALGORITHMS.join(', ')}, a key id of 1–64 characters a-z, 0-9 or -, and the 64-byte signature as unpadded base64url.`;

/**
 * Verifies the agency's signature on an event as received (before the hub adds or changes anything
 * but `subject`). Resolves to who signed it, or rejects with an EventSignatureError (a HubError, never
 * retriable) whose code says what is wrong:
 * SIGNATURE_MISSING, SIGNATURE_MALFORMED, SIGNING_KEY_UNKNOWN, SIGNING_KEY_OTHER_AGENCY,
 * SIGNING_KEY_REVOKED, SIGNATURE_INVALID, or SIGNING_KEY_UNUSABLE when the registry's own entry is
 * broken. An error thrown by `lookupKey` itself (a database outage …) is passed on unchanged.
 */
export async function verifyEventSignature(
  event: object,
  lookupKey: SigningKeyLookup,
  options: VerifyEventOptions = {},
): Promise<VerifiedEventSignature> {
  const fields = event as Readonly<Record<string, unknown>>;
  const eventId = typeof fields.id === 'string' ? fields.id : undefined;
  const agency = typeof fields.agency === 'string' ? fields.agency : undefined;
  const label = eventId ? `event ${eventId}` : 'the event';
  const signature = fields.signature;

  if (signature === undefined || signature === null || signature === '') {
    throw new EventSignatureError(
      SIGNATURE_ERROR_CODES.missing,
      `${capitalize(label)} has no signature. Sign it with an active key of agency ${agency ?? '(the publishing agency)'} and put the result in the signature field. ${FORMAT_HELP}`,
      { eventId, agency },
    );
  }
  const parsed = typeof signature === 'string' ? parseSignature(signature) : { problem: `it is a ${typeof signature}, not a string` };
  if ('problem' in parsed) {
    throw new EventSignatureError(
      SIGNATURE_ERROR_CODES.malformed,
      `The signature of ${label} is malformed: ${parsed.problem}. ${FORMAT_HELP}`,
      {
        eventId,
        agency,
      },
    );
  }
  const { alg, keyId } = parsed;
  const context = { eventId, agency, keyId, alg };

  const key = await lookupKey(keyId);
  if (!key) {
    throw new EventSignatureError(
      SIGNATURE_ERROR_CODES.keyUnknown,
      `The signature of ${label} names signing key "${keyId}", which is not registered with the hub. Sign with a key registered for your agency, or register this key's public key first.`,
      context,
    );
  }
  if (agency === undefined || key.agencyId !== agency) {
    throw new EventSignatureError(
      SIGNATURE_ERROR_CODES.keyOtherAgency,
      agency === undefined
        ? `The signature of ${label} names signing key "${keyId}", but the event names no agency, so the key cannot be matched to its publisher. Set agency to your agency id and sign again.`
        : `The signature of ${label} names signing key "${keyId}", which belongs to another agency than ${agency}. An agency may only sign its own events: sign with one of ${agency}'s keys.`,
      context,
    );
  }
  if (key.status !== 'active' && key.status !== 'retired') {
    throw new EventSignatureError(
      SIGNATURE_ERROR_CODES.keyRevoked,
      `Signing key "${keyId}" of agency ${agency} has been revoked, so the hub no longer accepts ${label} or anything else signed with it. Sign the event again with an active key of your agency.`,
      { ...context, keyStatus: String(key.status) },
    );
  }
  if (key.alg !== alg) {
    throw new EventSignatureError(
      SIGNATURE_ERROR_CODES.invalid,
      `The signature of ${label} says ${alg}, but signing key "${keyId}" is registered as an ${key.alg} key. Sign with the algorithm the key is registered for.`,
      context,
    );
  }

  let publicKey: KeyObject;
  try {
    publicKey = cachedPublicKey(key.alg, key.publicKey);
  } catch (error) {
    throw new EventSignatureError(
      SIGNATURE_ERROR_CODES.keyUnusable,
      `The hub's registry entry for signing key "${keyId}" cannot be used to verify ${label}: ${(error as Error).message} The fault is in the hub's key registry, not in the event: an operator must correct the key's registration.`,
      context,
      error,
    );
  }

  let input: Uint8Array;
  try {
    input = (options.signingInput ?? signingInput)(event);
  } catch (error) {
    if (!(error instanceof EventSignatureError)) throw error;
    throw new EventSignatureError(
      SIGNATURE_ERROR_CODES.invalid,
      `The signature of ${label} cannot be valid: ${error.message}`,
      { ...context, path: error.context.path },
      error,
    );
  }
  const check = { alg, publicKey, input, signature: parsed.signature };
  if (!(await (options.verify ?? verifyCheck)(check))) {
    throw new EventSignatureError(
      SIGNATURE_ERROR_CODES.invalid,
      `The signature of ${label} does not verify with signing key "${keyId}": the event was changed after it was signed, or it was signed with another key. Sign exactly the event you send (every field but signature and subject is covered) with the private key of "${keyId}".`,
      context,
    );
  }
  return { alg, keyId, agencyId: key.agencyId, keyStatus: key.status };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Parsed registry keys by algorithm and text: reading a PEM costs more than the verification itself. */
const parsedKeys = new Map<string, KeyObject>();
const PARSED_KEYS_MAX = 4_096;

function cachedPublicKey(alg: SignatureAlgorithm, input: PublicKeyInput): KeyObject {
  if (typeof input !== 'string') return parsePublicKey(alg, input);
  const cacheKey = `${alg}\n${input}`;
  let key = parsedKeys.get(cacheKey);
  if (key === undefined) {
    key = parsePublicKey(alg, input);
    if (parsedKeys.size >= PARSED_KEYS_MAX) parsedKeys.clear();
    parsedKeys.set(cacheKey, key);
  }
  return key;
}
