import type { KafkaBatchMessage } from '@hub/messaging';
import { readDelivery, type Delivery } from './read-delivery.js';
import type { RecordIssue } from './record-reader.js';

/** Why a record is parked as a dead letter; stable strings, stored with it. */
export const DEAD_LETTER_CODES = {
  malformedJson: 'MALFORMED_JSON',
  notADelivery: 'NOT_A_DELIVERY',
  unsupportedVersion: 'UNSUPPORTED_CONTRACT_VERSION',
  invalidRecord: 'INVALID_RECORD',
  refusedByDatabase: 'REFUSED_BY_DATABASE',
} as const;

/** What an adapter's reader made of one delivered event. */
export type ReadEvent<E> =
  | { readonly kind: 'event'; readonly event: E }
  /** A type the adapter does not record (another subscription of the agency may take it). */
  | { readonly kind: 'ignored'; readonly type: string }
  | { readonly kind: 'unsupported-version'; readonly type: string; readonly version: unknown; readonly expected: number }
  | { readonly kind: 'invalid'; readonly issues: readonly RecordIssue[] };

/** A record read from an inbound topic: an event to record, one of a type the adapter leaves alone, or poison. */
export type InboundRecord<E> =
  | { readonly kind: 'event'; readonly message: KafkaBatchMessage; readonly delivery: Delivery; readonly event: E }
  | { readonly kind: 'ignored'; readonly message: KafkaBatchMessage; readonly delivery: Delivery; readonly type: string }
  | {
      readonly kind: 'invalid';
      readonly message: KafkaBatchMessage;
      /** Set when the headers were readable: the record still counts in its subscription's sequence. */
      readonly delivery: Delivery | null;
      readonly code: string;
      readonly reason: string;
    };

/** How the adapter names itself in a dead letter's reason, e.g. `public security`. */
export interface InboundReaderWording {
  readonly recorder: string;
}

/**
 * Reads one record of an agency's inbound topic: the hub's delivery headers, then the event with
 * the adapter's own reader. A record that is not JSON, is not a hub delivery, comes in a contract
 * version the adapter does not read, or lacks a field the adapter stores is poison: parked as a
 * dead letter with a code and a reason naming each field path and rule, never retried.
 */
export function parseInboundRecord<E>(
  message: KafkaBatchMessage,
  readEvent: (json: unknown) => ReadEvent<E>,
  wording: InboundReaderWording,
): InboundRecord<E> {
  const headers = readDelivery(message.headers);
  const delivery = 'delivery' in headers ? headers.delivery : null;
  const invalid = (code: string, reason: string): InboundRecord<E> => ({ kind: 'invalid', message, delivery, code, reason });
  let json: unknown;
  try {
    json = JSON.parse(message.value?.toString('utf8') ?? '');
  } catch (error) {
    return invalid(DEAD_LETTER_CODES.malformedJson, `record value is not JSON: ${(error as Error).message}`);
  }
  if ('issues' in headers) {
    return invalid(
      DEAD_LETTER_CODES.notADelivery,
      `not a delivery of the hub: ${describeIssues(headers.issues)}. The hub's inbound topics carry only its deliveries; find what else writes to this topic.`,
    );
  }
  const read = readEvent(json);
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
        `the event lacks what ${wording.recorder} records: ${describeIssues(read.issues)}. Check the subscription's contract versions and the hub's projection for ${wording.recorder}.`,
      );
  }
}

/** `path (rule), path (rule)`: how dead letters and logs list a record's issues. */
export function describeIssues(issues: readonly RecordIssue[]): string {
  return issues.map((issue) => `${issue.path} (${issue.rule})`).join(', ');
}
