import { canonicalize } from './jcs.js';
import { EventSignatureError, SIGNATURE_ERROR_CODES } from './signature.errors.js';

/**
 * Top-level envelope members the signature does not cover:
 * - `signature`, which holds the signature itself;
 * - `subject`, which the hub may derive from the person's identifiers after the agency signed (an
 *   agency may leave it out, and the hub fills it in), so it must be free to change without breaking
 *   the signature. It is not trusted from the signature either: the hub checks a given subject
 *   against the identifiers in `data`, which the signature does cover.
 * Every other member, `data` included, is covered at every depth.
 */
export const UNSIGNED_MEMBERS = ['signature', 'subject'] as const;

/**
 * The bytes an agency signs and the hub verifies: the UTF-8 encoding of the RFC 8785 (JCS) canonical
 * form of the event with its top-level `signature` and `subject` removed. Property order and white
 * space of the JSON the event was sent as do not matter; any changed value, added or removed member
 * does. Members whose value is `undefined` count as absent, as in JSON.
 *
 * Throws EventSignatureError EVENT_NOT_CANONICALIZABLE when the event holds something JSON cannot
 * carry (see `canonicalize`).
 */
export function signingInput(event: object): Uint8Array {
  if (Array.isArray(event) || Object.prototype.toString.call(event) !== '[object Object]') {
    throw new EventSignatureError(
      SIGNATURE_ERROR_CODES.notCanonicalizable,
      'The event to sign or verify is not a JSON object. Pass the event envelope as an object.',
    );
  }
  const covered: Record<string, unknown> = { ...(event as Record<string, unknown>) };
  for (const member of UNSIGNED_MEMBERS) delete covered[member];
  return new TextEncoder().encode(canonicalize(covered));
}
