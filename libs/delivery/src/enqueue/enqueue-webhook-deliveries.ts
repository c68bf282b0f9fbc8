import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { notifyWorkers, select, toNumber } from '../delivery-sql.js';
import { sealPayload, type PayloadCipher } from './payload-cipher.js';
import { validateRequest, type WebhookDeliveryRequest } from './webhook-delivery-request.js';

/** What enqueue did with one request. */
export interface EnqueuedDelivery {
  readonly deliveryId: string;
  readonly subscriptionId: string;
  readonly eventId: string;
  readonly sequence: number;
  /** The subscription already had a delivery of this event (a redelivered Kafka record): nothing new was stored. */
  readonly duplicate: boolean;
}

interface EnqueuedRow {
  ord: number;
  id: string;
  sequence: string;
  duplicate: boolean;
}

/**
 * Stores deliveries, each with the next sequence number of its subscription, inside the caller's
 * transaction when `manager` has one (a savepoint), otherwise in its own. Idempotent per
 * (subscription, event): a repeat returns the first delivery with `duplicate: true` and uses no
 * number. Numbers are gap-free: the subscription's counter row stays locked until commit, and a
 * rollback gives the numbers back. Workers are woken at commit. With `cipher`, bodies are stored
 * encrypted.
 */
export async function enqueueWebhookDeliveries(
  manager: EntityManager,
  requests: readonly WebhookDeliveryRequest[],
  options: { readonly cipher?: PayloadCipher } = {},
): Promise<EnqueuedDelivery[]> {
  if (requests.length === 0) return [];
  const valid = requests.map((request, index) => validateRequest(request, index));
  const ids = valid.map(() => randomUUID());
  const payloads = valid.map((request, index) => sealPayload(options.cipher, request.payload, ids[index] ?? ''));
  const subscriptions = [...new Set(valid.map((request) => request.subscriptionId))].sort();
  return manager.transaction(async (tx) => {
    // Locks the counters in a fixed order (no deadlock between enqueuers of the same subscriptions).
    await tx.query(
      `INSERT INTO webhook_subscription_sequences AS s (subscription_id)
       SELECT subscription_id FROM unnest($1::text[]) AS u(subscription_id) ORDER BY subscription_id
       ON CONFLICT (subscription_id) DO UPDATE SET last_sequence = s.last_sequence`,
      [subscriptions],
    );
    // A new statement, so its snapshot sees every delivery committed before the locks were granted.
    const rows = await select<EnqueuedRow>(
      tx,
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[])
           AS i(id, subscription_id, agency_id, event_id, event_type, subject_id, endpoint, payload, ord)
       ),
       fresh AS (
         SELECT DISTINCT ON (i.subscription_id, i.event_id) i.* FROM input i
          WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.subscription_id = i.subscription_id AND d.event_id = i.event_id)
          ORDER BY i.subscription_id, i.event_id, i.ord
       ),
       numbered AS (
         SELECT f.*, row_number() OVER (PARTITION BY f.subscription_id ORDER BY f.ord) AS n FROM fresh f
       ),
       counters AS (
         UPDATE webhook_subscription_sequences s SET last_sequence = s.last_sequence + c.added
           FROM (SELECT subscription_id, count(*) AS added FROM numbered GROUP BY subscription_id) c
          WHERE s.subscription_id = c.subscription_id
         RETURNING s.subscription_id, s.last_sequence - c.added AS base
       ),
       inserted AS (
         INSERT INTO webhook_deliveries (id, subscription_id, agency_id, sequence, event_id, event_type, subject_id, endpoint, payload)
         SELECT n.id, n.subscription_id, n.agency_id, c.base + n.n, n.event_id, n.event_type, n.subject_id, n.endpoint, n.payload
           FROM numbered n JOIN counters c USING (subscription_id)
         RETURNING id, subscription_id, event_id, sequence
       )
       SELECT i.ord, coalesce(ins.id, old.id)::text AS id, coalesce(ins.sequence, old.sequence)::text AS sequence,
              (ins.id IS NULL OR ins.id <> i.id) AS duplicate
         FROM input i
         LEFT JOIN inserted ins ON ins.subscription_id = i.subscription_id AND ins.event_id = i.event_id
         LEFT JOIN webhook_deliveries old ON old.subscription_id = i.subscription_id AND old.event_id = i.event_id
        ORDER BY i.ord`,
      [
        ids,
        valid.map((r) => r.subscriptionId),
        valid.map((r) => r.agencyId),
        valid.map((r) => r.eventId),
        valid.map((r) => r.eventType),
        valid.map((r) => r.subjectId),
        valid.map((r) => r.endpoint),
        payloads,
        valid.map((_, index) => index),
      ],
    );
    if (rows.some((row) => !row.duplicate)) await notifyWorkers(tx);
    return rows.map((row) => {
      const request = valid[row.ord];
      if (!request) throw new Error(`enqueue returned an unknown row ${row.ord}`);
      return {
        deliveryId: row.id,
        subscriptionId: request.subscriptionId,
        eventId: request.eventId,
        sequence: toNumber(row.sequence),
        duplicate: row.duplicate,
      };
    });
  });
}
