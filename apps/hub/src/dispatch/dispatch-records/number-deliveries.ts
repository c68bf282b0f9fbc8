import type { Emission, EmittedEvent, Route, Withheld } from '../../routing/index.js';
import type { AuditEntry } from '@hub/audit';
import { INBOUND_HEADERS } from '@hub/contracts';

/** An event routed from the dispatch stream, and the trace context it travels with. */
export interface RoutedEvent extends EmittedEvent {
  readonly routes: readonly Route[];
  readonly withheld: readonly Withheld[];
}

/** One routing of one event to one subscription, with the channels it goes out on. */
export interface Work {
  readonly event: RoutedEvent;
  readonly route: Route;
  readonly order: number;
  readonly channels: readonly ('kafka' | 'webhook')[];
}

/** A routing the subscription did not have yet, with the sequence number it was given. */
export interface NumberedWork extends Work {
  readonly sequence: number;
}

/** A delivery recorded now (not one an earlier, redelivered batch already recorded). */
export interface RecordedDelivery {
  readonly subscriptionId: string;
  readonly agency: string;
  readonly eventId: string;
  readonly sequence: number;
}

/**
 * Events one `event.dispatched` audit row covers at most: consecutive deliveries of one
 * subscription in one batch share a row (its detail names each event id in sequence order), which
 * keeps the audit chain's lock, shared with every publish, short under load.
 */
export const EVENTS_PER_AUDIT_ROW = 40;

/**
 * Each event once, at its first place: the relay writes at least once, so one batch can hold an event
 * twice, and numbering both copies would collide on the (subscription, event) key.
 */
export function distinctEvents(events: readonly RoutedEvent[]): RoutedEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => !seen.has(event.eventId) && seen.add(event.eventId));
}

function channelsOf(route: Route): ('kafka' | 'webhook')[] {
  return [
    ...(route.subscription.channels.kafka ? (['kafka'] as const) : []),
    ...(route.subscription.channels.webhook ? (['webhook'] as const) : []),
  ];
}

/** Every routing of the distinct events, by subscription and within one in the events' order (the order sequence numbers follow). */
export function orderWork(events: readonly RoutedEvent[]): Work[] {
  return distinctEvents(events)
    .flatMap((event, order) => event.routes.map((route) => ({ event, route, order, channels: channelsOf(route) })))
    .sort((a, b) =>
      a.route.subscription.id < b.route.subscription.id ? -1 : a.route.subscription.id > b.route.subscription.id ? 1 : a.order - b.order,
    );
}

/** The routings given a number now (`sequences` by `subscription/event`), in work order; the others were recorded before. */
export function numberWork(work: readonly Work[], sequences: ReadonlyMap<string, number>): NumberedWork[] {
  return work.flatMap((entry) => {
    const sequence = sequences.get(`${entry.route.subscription.id}/${entry.event.eventId}`);
    return sequence === undefined ? [] : [{ ...entry, sequence }];
  });
}

/** A numbered routing on its way out: its Kafka record carries the sequence number; its webhook joins the subscription's queue. */
export function dispatchEmission({ route, event, sequence }: NumberedWork): Emission {
  return {
    route,
    event: { eventId: event.eventId, subject: event.subject, correlationId: event.correlationId, traceparent: event.traceparent },
    headers: { [INBOUND_HEADERS.sequence]: String(sequence) },
    webhookQueue: route.subscription.id,
  };
}

export function recordedDelivery({ route, event, sequence }: NumberedWork): RecordedDelivery {
  return { subscriptionId: route.subscription.id, agency: route.agency.id, eventId: event.eventId, sequence };
}

/**
 * The `event.dispatched` audit rows of numbered routings: consecutive ones of one subscription share
 * a row, up to EVENTS_PER_AUDIT_ROW events, with the purpose, the sequence range and the event ids.
 */
export function dispatchedAudit(numbered: readonly NumberedWork[]): AuditEntry[] {
  const rows: { first: NumberedWork; eventIds: string[] }[] = [];
  for (const entry of numbered) {
    const last = rows.at(-1);
    if (last && last.first.route.subscription.id === entry.route.subscription.id && last.eventIds.length < EVENTS_PER_AUDIT_ROW) {
      last.eventIds.push(entry.event.eventId);
    } else {
      rows.push({ first: entry, eventIds: [entry.event.eventId] });
    }
  }
  return rows.map(({ first: { route, channels, sequence }, eventIds }) => ({
    actor: 'system:dispatcher',
    action: 'event.dispatched',
    purpose: route.purpose,
    eventId: eventIds.length === 1 ? eventIds[0] : undefined,
    detail: {
      agency: route.agency.id,
      subscriptionId: route.subscription.id,
      fromSequence: sequence,
      toSequence: sequence + eventIds.length - 1,
      eventIds,
      channels: channels.join(','),
      projection: route.projection,
      policyVersion: route.policyVersion,
    },
  }));
}
