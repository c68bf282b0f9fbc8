import { DEAD_LETTER_CODES, parseInboundRecord, type InboundRecord } from '@hub/agency-kit';
import type { KafkaBatchMessage } from '@hub/messaging';
import type { PermitEvent } from './permit-event.js';
import { readPermitEvent } from './read-permit-event.js';

export { DEAD_LETTER_CODES };

/** A record read from the inbound topic: a permit event to record, one of a type the adapter leaves alone, or poison. */
export type ParsedRecord = InboundRecord<PermitEvent>;

/**
 * Reads one record of the agency's inbound topic with `@hub/agency-kit`: the hub's delivery
 * headers, then the projected permit event (readPermitEvent). Poison is parked as a dead letter
 * with a code and a reason naming each field path and rule, never retried.
 */
export function parseRecord(message: KafkaBatchMessage): ParsedRecord {
  return parseInboundRecord(message, readPermitEvent, { recorder: 'public security' });
}
