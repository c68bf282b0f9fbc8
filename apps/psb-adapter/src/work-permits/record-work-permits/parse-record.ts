import type { KafkaBatchMessage } from '@hub/messaging';
import type { PermitEvent } from './permit-event.js';
import { readDelivery, type Delivery } from './read-delivery.js';
import { readPermitEvent } from './read-permit-event.js';
import type { RecordIssue } from './record-reader.js';

/** Why a record is parked as a dead letter; stable strings, stored with it. */
export const DEAD_LETTER_CODES = {
  malformedJson: 'MALFORMED_JSON',
  notADelivery: 'NOT_A_DELIVERY',
  unsupportedVersion: 'UNSUPPORTED_CONTRACT_VERSION',
  invalidRecord: 'INVALID_RECORD',
  refusedByDatabase: 'REFUSED_BY_DATABASE',
} as const;

/** A record read from the inbound topic: an event to record, one of a type the adapter leaves alone, or poison. */
export type ParsedRecord =
  | { readonly kind: 'event'; readonly message: KafkaBatchMessage; readonly delivery: Delivery; readonly event: PermitEvent }
  | { readonly kind: 'ignored'; readonly message: KafkaBatchMessage; readonly delivery: Delivery; readonly type: string }
  | {
      readonly kind: 'invalid';
      readonly message: KafkaBatchMessage;
      /** Set when the headers were readable: the record still counts in its subscription's sequence. */
      readonly delivery: Delivery | null;
      readonly code: string;
      readonly reason: string;
    };

/**
 * Reads one record of the agency's inbound topic: the hub's delivery headers, then the projected
 * event. A record that is not JSON, is not a hub delivery, comes in a contract version the adapter
 * does not read, or lacks a field the adapter stores is poison: parked as a dead letter with a code
 * and a reason naming each field path and rule, never retried.
 */
export function parseRecord(message: KafkaBatchMessage): ParsedRecord {
  const headers = readDelivery(message.headers);
  const delivery = 'delivery' in headers ? headers.delivery : null;
  const invalid = (code: string, reason: string): ParsedRecord => ({ kind: 'invalid', message, delivery, code, reason });
  let json: unknown;
  try {
    json = JSON.parse(message.value?.toString('utf8') ?? '');
  } catch (error) {
    return invalid(DEAD_LETTER_CODES.malformedJson, `record value is not JSON: ${(error as Error).message}`);
  }
  if ('issues' in headers) {
    return invalid(
      DEAD_LETTER_CODES.notADelivery,
      `not a delivery of the hub: ${describe(headers.issues)}. The hub's inbound topics carry only its deliveries; find what else writes to this topic.`,
    );
  }
  const read = readPermitEvent(json);
  switch (read.kind) {
    case 'event':
      return { kind: 'event', message, delivery: headers.delivery, event: read.event };
    case 'ignored':
      return { kind: 'ignored', message, delivery: headers.delivery, type: read.type };
    case 'unsupported-version':
      return invalid(
        DEAD_LETTER_CODES.unsupportedVersion,
        `contractversion: ${read.type} v${String(read.version)} arrived; this adapter reads v${read.expected}. Name version ${read.expected} for ${read.type} in the subscription and replay it.`,
      );
    case 'invalid':
      return invalid(
        DEAD_LETTER_CODES.invalidRecord,
        `the event lacks what public security records: ${describe(read.issues)}. Check the subscription's contract versions and the hub's projection for public security.`,
      );
  }
}

function describe(issues: readonly RecordIssue[]): string {
  return issues.map((issue) => `${issue.path} (${issue.rule})`).join(', ');
}
