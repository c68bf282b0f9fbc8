import { HubError, toContractVersion, validateEvent, ValidationFailedError, type CanonicalEvent } from '@hub/contracts';
import type { KafkaBatchMessage } from '@hub/messaging';

/** A record that parsed and passed its contract, or the reason it never can. */
export type ParsedRecord =
  | { readonly ok: true; readonly message: KafkaBatchMessage; readonly event: CanonicalEvent }
  | { readonly ok: false; readonly message: KafkaBatchMessage; readonly code: string; readonly reason: string };

/**
 * The contract versions this adapter is built against. Events published in another version of the
 * type are converted to it on receipt (publishers may move to work-permit.issued v2 while public
 * security's records stay on v1).
 */
export const PINNED_VERSIONS: Readonly<Record<string, number>> = { 'work-permit.issued': 1 };

/**
 * Reads one record from a canonical topic. The adapter checks the contract itself rather than
 * trusting the wire: a record that is not JSON, breaks its contract or lacks a subject is a
 * poison message, never retried, parked as a dead letter.
 */
export function parseRecord(message: KafkaBatchMessage): ParsedRecord {
  let json: unknown;
  try {
    json = JSON.parse(message.value?.toString('utf8') ?? '');
  } catch (error) {
    return { ok: false, message, code: 'MALFORMED_JSON', reason: `record value is not JSON: ${(error as Error).message}` };
  }
  try {
    const { envelope } = validateEvent(json);
    if (!envelope.subject || !envelope.correlationid) {
      return { ok: false, message, code: 'VALIDATION_FAILED', reason: 'canonical events must carry subject and correlationid' };
    }
    const pinned = PINNED_VERSIONS[envelope.type];
    const event = pinned === undefined ? envelope : toContractVersion(envelope, pinned);
    return { ok: true, message, event: event as CanonicalEvent };
  } catch (error) {
    if (error instanceof ValidationFailedError) return { ok: false, message, code: error.code, reason: error.message };
    if (error instanceof HubError) return { ok: false, message, code: error.code, reason: error.message };
    throw error;
  }
}
