import { Injectable } from '@nestjs/common';
import type { AuditEntry } from '@hub/audit';
import { WebhookDeliveries } from '@hub/delivery';
import { DataSource, type EntityManager } from 'typeorm';
import { emitRoutes } from '../routing/index.js';
import {
  dispatchedAudit,
  dispatchEmission,
  distinctEvents,
  numberWork,
  orderWork,
  recordedDelivery,
  type RecordedDelivery,
  type RoutedEvent,
  type Work,
} from './dispatch-records/number-deliveries.js';

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
  constructor(
    private readonly dataSource: DataSource,
    private readonly webhooks: WebhookDeliveries,
  ) {}

  /** Which of these event ids the event store holds. */
  async storedEventIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.dataSource.query<{ id: string }[]>('SELECT id::text AS id FROM events WHERE id = ANY($1::uuid[])', [ids]);
    return new Set(rows.map((row) => row.id));
  }

  async record(tx: EntityManager, events: readonly RoutedEvent[]): Promise<RecordedDelivery[]> {
    const work = orderWork(events);
    const numbered = numberWork(work, await this.number(tx, work));
    const audit: AuditEntry[] = [...dispatchedAudit(numbered), ...(await this.withhold(tx, events))];
    await emitRoutes(tx, this.webhooks, numbered.map(dispatchEmission), audit);
    return numbered.map(recordedDelivery);
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
