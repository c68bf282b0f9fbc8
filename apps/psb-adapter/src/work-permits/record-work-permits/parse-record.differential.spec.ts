import { describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE, exampleEvent, INBOUND_HEADERS, validateEvent } from '@hub/contracts';
import type { KafkaBatchMessage } from '@hub/messaging';
import { eventMutations, type Json } from '@hub/testing';
import { RECORDED_EVENT_TYPES } from '../work-permit-subscription.js';
import { parseRecord } from './parse-record.js';

const headers = { [INBOUND_HEADERS.subscriptionId]: '6f1d3b1e-5a0c-4c43-9d0e-2f4b7f4a9c11', [INBOUND_HEADERS.sequence]: '1' };
const recorded = EVENT_CATALOGUE.filter((contract) =>
  RECORDED_EVENT_TYPES.some((entry) => entry.type === contract.type && entry.version === contract.version),
);

/**
 * The event as the hub delivers it when it accepts it: only contract fields, with the subject it
 * derives and a correlation id (the caller's, or one it makes).
 */
function delivered(event: Json): KafkaBatchMessage | undefined {
  let envelope: Record<string, unknown>;
  try {
    envelope = JSON.parse(JSON.stringify(validateEvent(event).envelope)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const value = { ...envelope, subject: 'sub_0123456789abcdef0123456789abcdef', correlationid: envelope['correlationid'] ?? 'corr-1' };
  return { key: null, value: Buffer.from(JSON.stringify(value)), headers, offset: '0', timestamp: '0' };
}

/**
 * One truth: whatever the hub accepts, public security's adapter records. Every broken variant of
 * every work-permit example the adapter records is given to the hub's validation; each one the hub
 * accepts must parse as an event in the adapter, never become a dead letter.
 */
describe('public security adapter and hub agree', () => {
  it.each(recorded.map((contract) => [`${contract.type} v${contract.version}`, contract] as const))(
    '%s: every variant the hub accepts, the adapter records',
    (_name, contract) => {
      const outcomes = eventMutations(exampleEvent(contract) as Json).flatMap((mutation) => {
        const message = delivered(mutation.event);
        if (!message) return [];
        const parsed = parseRecord(message);
        return [
          parsed.kind === 'event' ? undefined : `${mutation.description}: ${parsed.kind === 'invalid' ? parsed.reason : parsed.kind}`,
        ];
      });
      expect(outcomes.length).toBeGreaterThan(5);
      expect(outcomes.filter((outcome) => outcome !== undefined)).toEqual([]);
    },
  );
});
