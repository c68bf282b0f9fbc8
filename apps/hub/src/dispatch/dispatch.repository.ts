import { Injectable } from '@nestjs/common';
import { WebhookDeliveries, type WebhookDeliveryRequest } from '@hub/delivery';
import { appendAudit, type AuditEntry } from '@hub/audit';
import { INBOUND_HEADERS, KAFKA_HEADERS } from '@hub/contracts';
import { agencyInboundTopic, appendToOutbox, type OutboxEntry } from '@hub/messaging';
import type { EntityManager } from 'typeorm';
import type { Route, Withheld } from './route-event.js';

/**
 * The Kafka record of one event for one subscription, bound for the agency's inbound topic: the
 * projected event keyed by subject, with the event's headers and the subscription's (`extra` adds
 * the sequence numbers).
 */
export function inboundRecord(
  route: Route,
  event: { eventId: string; subject: string; correlationId: string; traceparent: string },
  extra: Readonly<Record<string, string>>,
): OutboxEntry {
  return {
    eventId: event.eventId,
    topic: agencyInboundTopic(route.agency.id),
    key: event.subject,
    payload: JSON.stringify(route.message),
    headers: {
      [KAFKA_HEADERS.contentType]: 'application/cloudevents+json; charset=utf-8',
      [KAFKA_HEADERS.eventId]: event.eventId,
      [KAFKA_HEADERS.eventType]: route.message.type,
      [KAFKA_HEADERS.contractVersion]: String(route.contractVersion),
      [KAFKA_HEADERS.correlationId]: event.correlationId,
      [KAFKA_HEADERS.traceparent]: event.traceparent,
      [INBOUND_HEADERS.subscriptionId]: route.subscription.id,
      ...extra,
    },
  };
}

/** The event and the trace context it travels with. */
export interface RoutedEvent {
  readonly eventId: string;
  readonly subject: string;
  readonly correlationId: string;
  readonly traceparent: string;
  readonly routes: readonly Route[];
  readonly withheld: readonly Withheld[];
}

/**
 * Events one `event.dispatched` audit row covers at most: consecutive deliveries of one
 * subscription in one batch share a row (its detail names each event id in sequence order), which
 * keeps the audit chain's lock, shared with every publish, short under load.
 */
const EVENTS_PER_AUDIT_ROW = 40;

/** Consecutive deliveries of one subscription, numbered from `fromSequence`. */
interface Dispatched {
  readonly route: Route;
  readonly channels: readonly string[];
  readonly fromSequence: number;
  readonly eventIds: string[];
}

function dispatchedAudit({ route, channels, fromSequence, eventIds }: Dispatched): AuditEntry {
  return {
    actor: 'system:dispatcher',
    action: 'event.dispatched',
    purpose: route.purpose,
    eventId: eventIds.length === 1 ? eventIds[0] : undefined,
    detail: {
      agency: route.agency.id,
      subscriptionId: route.subscription.id,
      fromSequence,
      toSequence: fromSequence + eventIds.length - 1,
      eventIds,
      channels: channels.join(','),
      projection: route.projection,
      policyVersion: route.policyVersion,
    },
  };
}

/** One routing of one event to one subscription, with the channels it goes out on. */
interface Work {
  readonly event: RoutedEvent;
  readonly route: Route;
  readonly order: number;
  readonly channels: readonly ('kafka' | 'webhook')[];
}

function channelsOf(route: Route): ('kafka' | 'webhook')[] {
  return [
    ...(route.subscription.channels.kafka ? (['kafka'] as const) : []),
    ...(route.subscription.channels.webhook ? (['webhook'] as const) : []),
  ];
}

/**
 * Each event once, at its first place: the relay writes at least once, so one batch can hold an event
 * twice, and numbering both copies would collide on the (subscription, event) key.
 */
function distinctEvents(events: readonly RoutedEvent[]): RoutedEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => !seen.has(event.eventId) && seen.add(event.eventId));
}

/** A delivery recorded now (not one an earlier, redelivered batch already recorded). */
export interface RecordedDelivery {
  readonly subscriptionId: string;
  readonly agency: string;
  readonly eventId: string;
  readonly sequence: number;
}

/**
 * Records routed events in the caller's transaction, a batch in a fixed number of statements: per
 * subscription and event one `subscription_deliveries` row with the next sequence number (the
 * subscription's row lock keeps them gap-free and in event order), the Kafka delivery as an outbox
 * row for the agency's inbound topic, the webhook delivery in the webhook queue (which numbers it
 * the same way), and `event.dispatched` audit rows with the purpose. An event the subscription
 * already has (Kafka redelivered the batch, or the relay wrote it twice) is skipped whole: no
 * sequence used, nothing sent twice; so is the second copy of an event within one batch.
 */
@Injectable()
export class DispatchRepository {
  constructor(private readonly webhooks: WebhookDeliveries) {}

  async record(tx: EntityManager, events: readonly RoutedEvent[]): Promise<RecordedDelivery[]> {
    const recorded: RecordedDelivery[] = [];
    const outbox: OutboxEntry[] = [];
    const audit: AuditEntry[] = [];
    const webhooks: WebhookDeliveryRequest[] = [];
    const dispatched: Dispatched[] = [];
    // By subscription, and within one in the events' order (the order sequence numbers follow).
    const work: Work[] = distinctEvents(events)
      .flatMap((event, order) => event.routes.map((route) => ({ event, route, order, channels: channelsOf(route) })))
      .sort((a, b) =>
        a.route.subscription.id < b.route.subscription.id ? -1 : a.route.subscription.id > b.route.subscription.id ? 1 : a.order - b.order,
      );
    const sequences = await this.number(tx, work);
    for (const { event, route, channels } of work) {
      const sequence = sequences.get(`${route.subscription.id}/${event.eventId}`);
      if (sequence === undefined) continue;
      recorded.push({ subscriptionId: route.subscription.id, agency: route.agency.id, eventId: event.eventId, sequence });
      if (route.subscription.channels.kafka) {
        outbox.push(
          inboundRecord(
            route,
            { eventId: event.eventId, subject: event.subject, correlationId: event.correlationId, traceparent: event.traceparent },
            { [INBOUND_HEADERS.sequence]: String(sequence) },
          ),
        );
      }
      const webhook = route.subscription.channels.webhook;
      if (webhook) {
        webhooks.push({
          subscriptionId: route.subscription.id,
          agencyId: route.agency.id,
          endpoint: webhook.url,
          eventId: event.eventId,
          eventType: route.message.type,
          subjectId: event.subject,
          payload: JSON.stringify(route.message),
        });
      }
      const last = dispatched.at(-1);
      if (last && last.route.subscription.id === route.subscription.id && last.eventIds.length < EVENTS_PER_AUDIT_ROW) {
        last.eventIds.push(event.eventId);
      } else {
        dispatched.push({ route, channels, fromSequence: sequence, eventIds: [event.eventId] });
      }
    }
    audit.push(...dispatched.map(dispatchedAudit));
    audit.push(...(await this.withhold(tx, events)));
    await appendToOutbox(tx, outbox);
    if (webhooks.length > 0) await this.webhooks.enqueue(webhooks, tx);
    if (audit.length > 0) await appendAudit(tx, audit);
    return recorded;
  }

  /**
   * Numbers the routings a subscription does not have yet, in two statements whatever the batch size:
   * the subscriptions' rows locked in id order (so concurrent dispatchers never deadlock, and the
   * check below sees every delivery committed before), then one statement that skips the pairs
   * already recorded, advances each subscription's counter by its count and inserts the deliveries
   * numbered on from it in work order. Returns the sequence by `subscription/event`. No ON CONFLICT
   * on the insert: under the row locks the check is exact, and a conflict skipped there would leave
   * a hole in the sequence that subscribers take for a lost message; failing loudly is better.
   */
  private async number(tx: EntityManager, work: readonly Work[]): Promise<Map<string, number>> {
    if (work.length === 0) return new Map();
    const subscriptionIds = [...new Set(work.map((w) => w.route.subscription.id))];
    await tx.query('SELECT 1 FROM subscriptions WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [subscriptionIds]);
    const rows = await tx.query<{ pair: string; sequence: string }[]>(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[], $8::text[])
           WITH ORDINALITY AS u(subscription_id, event_id, subject, channels, contract_version, policy_version, projection, purpose, ord)
       ), fresh AS (
         SELECT input.*, row_number() OVER (PARTITION BY subscription_id ORDER BY ord) AS n,
                count(*) OVER (PARTITION BY subscription_id) AS c
           FROM input
          WHERE NOT EXISTS (SELECT 1 FROM subscription_deliveries d WHERE d.subscription_id = input.subscription_id AND d.event_id = input.event_id)
       ), counted AS (
         SELECT DISTINCT subscription_id, c FROM fresh
       ), advanced AS (
         UPDATE subscriptions s SET next_sequence = s.next_sequence + counted.c
           FROM counted WHERE s.id = counted.subscription_id
         RETURNING s.id, s.next_sequence - counted.c AS first
       )
       INSERT INTO subscription_deliveries (subscription_id, sequence, event_id, subject, channels, contract_version, policy_version, projection, purpose)
       SELECT f.subscription_id, a.first + f.n - 1, f.event_id, f.subject, string_to_array(f.channels, ','), f.contract_version,
              f.policy_version, f.projection, f.purpose
         FROM fresh f JOIN advanced a ON a.id = f.subscription_id
        ORDER BY f.ord
       RETURNING subscription_id::text || '/' || event_id::text AS pair, sequence::text`,
      [
        work.map((w) => w.route.subscription.id),
        work.map((w) => w.event.eventId),
        work.map((w) => w.event.subject),
        work.map((w) => w.channels.join(',')),
        work.map((w) => w.route.contractVersion),
        work.map((w) => w.route.policyVersion),
        work.map((w) => w.route.projection),
        work.map((w) => w.route.purpose),
      ],
    );
    return new Map(rows.map((row) => [row.pair, Number(row.sequence)]));
  }

  /** Records each withholding once (a batch Kafka delivers again finds them recorded); audit rows for the new ones. */
  private async withhold(tx: EntityManager, events: readonly RoutedEvent[]): Promise<AuditEntry[]> {
    const withheld = distinctEvents(events).flatMap((event) =>
      event.withheld.map(({ subscription, reason }) => ({ event, subscription, reason: reason.slice(0, 300) })),
    );
    if (withheld.length === 0) return [];
    const inserted = await tx.query<{ pair: string }[]>(
      `INSERT INTO subscription_withholdings (subscription_id, event_id, reason)
       SELECT s, e, r FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS u(s, e, r)
       ON CONFLICT DO NOTHING
       RETURNING subscription_id::text || '/' || event_id::text AS pair`,
      [withheld.map((w) => w.subscription.id), withheld.map((w) => w.event.eventId), withheld.map((w) => w.reason)],
    );
    const fresh = new Set(inserted.map((row) => row.pair));
    return withheld
      .filter(({ subscription, event }) => fresh.has(`${subscription.id}/${event.eventId}`))
      .map(({ event, subscription, reason }) => ({
        actor: 'system:dispatcher',
        action: 'event.withheld',
        purpose: subscription.purpose,
        eventId: event.eventId,
        detail: { agency: subscription.agency, subscriptionId: subscription.id, reason },
      }));
  }
}
