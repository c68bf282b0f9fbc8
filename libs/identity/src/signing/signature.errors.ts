import { HubError, type ErrorContext } from '@hub/contracts';

/**
 * The stable codes of event-signature failures. None is retriable: a missing, malformed or wrong
 * signature, or a key the hub does not accept, does not heal by sending the same event again.
 */
export const SIGNATURE_ERROR_CODES = {
  /** The event has no `signature` (absent, null or empty). */
  missing: 'SIGNATURE_MISSING',
  /** `signature` is not `<alg>:<keyId>:<base64url>`, names an unknown algorithm, or its bytes have the wrong length. */
  malformed: 'SIGNATURE_MALFORMED',
  /** No registered public key has the key id the signature names. */
  keyUnknown: 'SIGNING_KEY_UNKNOWN',
  /** The key the signature names has been revoked. */
  keyRevoked: 'SIGNING_KEY_REVOKED',
  /** The key the signature names belongs to another agency than the event's `agency`. */
  keyOtherAgency: 'SIGNING_KEY_OTHER_AGENCY',
  /** The signature does not verify: altered event, signed with another key, or a different algorithm than the key's. */
  invalid: 'SIGNATURE_INVALID',
  /** The hub's own registry entry for the key cannot be used (not a public key of its algorithm): fix the registry. */
  keyUnusable: 'SIGNING_KEY_UNUSABLE',
  /** A value has no RFC 8785 canonical form (NaN, a lone surrogate, a Date …), so it cannot be signed. */
  notCanonicalizable: 'EVENT_NOT_CANONICALIZABLE',
} as const;

export type SignatureErrorCode = (typeof SIGNATURE_ERROR_CODES)[keyof typeof SIGNATURE_ERROR_CODES];

/**
 * A signing or verification failure. Messages and context carry key ids, algorithm names, agency
 * ids, event ids and JSON paths, never key material.
 */
export class EventSignatureError extends HubError {
  constructor(
    override readonly code: SignatureErrorCode,
    message: string,
    context?: ErrorContext,
    cause?: unknown,
  ) {
    super(code, message, { retriable: false, context, cause });
  }
}
