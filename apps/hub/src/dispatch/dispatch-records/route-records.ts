import { isUuid, KAFKA_HEADERS, type EventEnvelope } from '@hub/contracts';
import type { ConsumedRecord, DeadLetterEntry } from '@hub/messaging';
import { deadLetterEntry } from './dead-letter-entry.js';
import type { RoutedEvent } from './number-deliveries.js';
import type { Route, Withheld } from '../../routing/index.js';

/** The routed events of some dispatch-stream records, and the records that can never be dispatched. */
export interface RoutedRecords {
  readonly routed: RoutedEvent[];
  readonly deadLetters: DeadLetterEntry[];
  /** Parks the record of a routed event after all (its event turned out not to be stored). */
  park(eventId: string, code: string, error: unknown): void;
}

/**
 * Parses and routes records in order: a record that is not an event envelope (`NOT_AN_EVENT`) or
 * whose routing throws (`ROUTING_FAILED`; retrying does not cure its data) becomes a dead letter; a
 * second copy of an event (the relay writes at least once) is dropped, the first standing for both.
 */
export function routeRecords(
  at: { readonly topic: string; readonly partition: number },
  messages: readonly ConsumedRecord[],
  route: (event: EventEnvelope<object>, relayedAt: Date) => { routes: Route[]; withheld: Withheld[] },
  onDeadLetter: (code: string, offset: string) => void,
): RoutedRecords {
  const routed: RoutedEvent[] = [];
  const deadLetters: DeadLetterEntry[] = [];
  const recordOf = new Map<string, ConsumedRecord>();
  const deadLetter = (message: ConsumedRecord, code: string, error: unknown): void => {
    onDeadLetter(code, message.offset);
    deadLetters.push(deadLetterEntry(at, message, code, error));
  };
  for (const message of messages) {
    let event: EventEnvelope<object>;
    try {
      event = JSON.parse(message.value?.toString('utf8') ?? '') as EventEnvelope<object>;
      if (!isUuid(event.id) || typeof event.type !== 'string' || typeof event.subject !== 'string')
        throw new Error('not an event envelope');
    } catch (error) {
      deadLetter(message, 'NOT_AN_EVENT', error);
      continue;
    }
    if (recordOf.has(event.id)) continue;
    recordOf.set(event.id, message);
    let routing: { routes: Route[]; withheld: Withheld[] };
    try {
      routing = route(event, new Date(Number(message.timestamp)));
    } catch (error) {
      deadLetter(message, 'ROUTING_FAILED', error);
      continue;
    }
    if (routing.routes.length === 0 && routing.withheld.length === 0) continue;
    const headers = message.headers ?? {};
    routed.push({
      eventId: event.id,
      subject: event.subject,
      correlationId: String(headers[KAFKA_HEADERS.correlationId] ?? event.correlationid ?? ''),
      traceparent: String(headers[KAFKA_HEADERS.traceparent] ?? ''),
      ...routing,
    });
  }
  return {
    routed,
    deadLetters,
    park: (eventId, code, error) => {
      const message = recordOf.get(eventId);
      if (message) deadLetter(message, code, error);
    },
  };
}
