import { canonicalMembers } from './jcs.js';
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
  return canonicalForms(event).signed;
}

/** The two canonical forms of an event that the hub needs, from one canonicalization. */
export interface CanonicalForms {
  /** The bytes the signature covers (see signingInput). */
  readonly signed: Uint8Array;
  /** RFC 8785 text of the whole event, `signature` and `subject` included (what the hub hashes as the event's content). */
  readonly whole: string;
}

/** signingInput and the canonical text of the whole event, canonicalizing each member once; throws as signingInput does. */
export function canonicalForms(event: object): CanonicalForms {
  if (Array.isArray(event) || Object.prototype.toString.call(event) !== '[object Object]') {
    throw new EventSignatureError(
      SIGNATURE_ERROR_CODES.notCanonicalizable,
      'The event to sign or verify is not a JSON object. Pass the event envelope as an object.',
    );
  }
  const members = canonicalMembers(event as Record<string, unknown>);
  const unsigned: readonly string[] = UNSIGNED_MEMBERS;
  const signed = members.filter(([name]) => !unsigned.includes(name)).map(([, text]) => text);
  return {
    signed: new TextEncoder().encode(`{${signed.join(',')}}`),
    whole: `{${members.map(([, text]) => text).join(',')}}`,
  };
}
