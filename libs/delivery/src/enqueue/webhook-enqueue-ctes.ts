import { randomUUID } from 'node:crypto';
import { sealPayload, type PayloadCipher } from './payload-cipher.js';
import { validateRequest, type WebhookDeliveryRequest } from './webhook-delivery-request.js';

/** A request checked and sealed for an enqueue inside a bigger statement: its delivery id and its body as stored. */
export interface SealedWebhookDelivery {
  readonly id: string;
  readonly subscriptionId: string;
  readonly agencyId: string;
  readonly endpoint: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly subjectId: string;
  /** Encrypted under the delivery id when a cipher is bound. */
  readonly payload: string;
}

/** Checks requests (DELIVERY_REQUEST_INVALID naming the field) and gives each its delivery id and stored body. */
export function sealWebhookDeliveries(
  requests: readonly WebhookDeliveryRequest[],
  cipher: PayloadCipher | undefined,
): SealedWebhookDelivery[] {
  return requests.map((request, index) => {
    const valid = validateRequest(request, index);
    const id = randomUUID();
    return { ...valid, id, payload: sealPayload(cipher, valid.payload, id) };
  });
}

/**
 * Enqueue as CTEs to embed in a statement that stores the events themselves (the hub's publish):
 * `select` yields id (uuid), subscription_id, agency_id, event_id (uuid), event_type, subject_id,
 * endpoint and payload (text, as sealed) for events new in that statement, so no (subscription,
 * event) pair can be there already, and should end in ORDER BY: each subscription's deliveries are
 * numbered on from its counter in that order. The counters are locked in subscription order (no
 * deadlock between statements enqueuing for the same subscriptions) and stay locked to commit, so
 * the numbers are gap-free. `webhooks_notified` wakes the workers at commit; the statement must
 * read it (e.g. `(SELECT count(*) FROM webhooks_notified)`).
 */
export function webhookEnqueueCtes(select: string, channelParameter: string): string {
  return `webhook_requests AS MATERIALIZED (
       SELECT r.*, row_number() OVER () AS ord FROM (${select}) AS r
     ), webhook_counts AS (
       SELECT subscription_id, count(*) AS added FROM webhook_requests GROUP BY subscription_id
     ), webhook_counters AS (
       INSERT INTO webhook_subscription_sequences AS s (subscription_id, last_sequence)
       SELECT subscription_id, added FROM webhook_counts ORDER BY subscription_id
       ON CONFLICT (subscription_id) DO UPDATE SET last_sequence = s.last_sequence + EXCLUDED.last_sequence
       RETURNING s.subscription_id, s.last_sequence
     ), webhooks_queued AS (
       INSERT INTO webhook_deliveries (id, subscription_id, agency_id, sequence, event_id, event_type, subject_id, endpoint, payload)
       SELECT r.id, r.subscription_id, r.agency_id,
              c.last_sequence - n.added + row_number() OVER (PARTITION BY r.subscription_id ORDER BY r.ord),
              r.event_id, r.event_type, r.subject_id, r.endpoint, r.payload
         FROM webhook_requests r JOIN webhook_counts n USING (subscription_id) JOIN webhook_counters c USING (subscription_id)
        ORDER BY r.ord
       RETURNING 1
     ), webhooks_notified AS (
       SELECT pg_notify(${channelParameter}, '') FROM (SELECT 1 FROM webhooks_queued LIMIT 1) AS any_queued
     )`;
}
