import type { DataSource } from 'typeorm';

/** Waiting deliveries are counted up to this many per subscription (a bounded index range, however far behind). */
export const LAG_COUNT_CAP = 100_000;

/** How far one subscription's subscriber is behind, as the hub's own records say. */
export interface SubscriptionLag {
  readonly id: string;
  readonly agency: string;
  readonly name: string;
  readonly transport: 'kafka' | 'webhook';
  readonly state: 'active' | 'paused';
  /** Deliveries routed to it that no receipt confirms yet (webhook: not yet delivered, or delivered without a receipt); capped at LAG_COUNT_CAP. */
  readonly lagMessages: number;
  /** Age of the oldest of those (0 when none waits). */
  readonly lagSeconds: number;
  /** Webhook: the highest sequence delivered; Kafka: the highest routed (the relay publishes it within a poll interval). */
  readonly lastDeliveredSequence: number;
  /** Delivered (webhook) or routed (Kafka) without a receipt; capped at LAG_COUNT_CAP. */
  readonly unacknowledged: number;
  readonly lastReceiptAt: string | null;
}

interface LagRow {
  id: string;
  agency: string;
  name: string;
  transport: 'kafka' | 'webhook';
  state: 'active' | 'paused';
  waiting: number;
  oldest: number | null;
  last_delivered: string | null;
  unacknowledged: number;
  last_receipt_at: Date | null;
}

/**
 * Every live subscription's lag, one statement (a webhook subscription is read on its webhook side); each figure comes from a partial index range
 * (unacknowledged Kafka deliveries by subscription and sequence; webhook deliveries waiting by
 * subscription and sequence)  or a primary key range over its last 1,000 sequences (the last receipt), never a scan of the deliveries.
 */
export async function readSubscriptionLag(dataSource: DataSource): Promise<SubscriptionLag[]> {
  const rows = await dataSource.query<LagRow[]>(
    `SELECT s.id::text AS id, s.agency, s.name, s.status AS state,
            CASE WHEN jsonb_typeof(s.channels -> 'webhook') = 'object' THEN 'webhook' ELSE 'kafka' END AS transport,
            CASE WHEN jsonb_typeof(s.channels -> 'webhook') = 'object' THEN w.waiting ELSE k.waiting END AS waiting,
            CASE WHEN jsonb_typeof(s.channels -> 'webhook') = 'object' THEN w.oldest ELSE k.oldest END AS oldest,
            CASE WHEN jsonb_typeof(s.channels -> 'webhook') = 'object' THEN w.last_delivered ELSE (s.next_sequence - 1)::text END AS last_delivered,
            CASE WHEN jsonb_typeof(s.channels -> 'webhook') = 'object' THEN w.unacknowledged ELSE k.waiting END AS unacknowledged,
            CASE WHEN jsonb_typeof(s.channels -> 'webhook') = 'object' THEN w.last_receipt_at ELSE k.last_receipt_at END AS last_receipt_at
       FROM subscriptions s
       LEFT JOIN LATERAL (
         SELECT (SELECT count(*)::int FROM (SELECT 1 FROM subscription_deliveries d
                   WHERE d.subscription_id = s.id AND d.acknowledged_at IS NULL LIMIT $1) capped) AS waiting,
                (SELECT extract(epoch FROM now() - d.routed_at)::float FROM subscription_deliveries d
                  WHERE d.subscription_id = s.id AND d.acknowledged_at IS NULL ORDER BY d.sequence LIMIT 1) AS oldest,
                (SELECT max(d.acknowledged_at) FROM subscription_deliveries d
                  WHERE d.subscription_id = s.id AND d.sequence >= s.next_sequence - 1000) AS last_receipt_at
       ) k ON NOT jsonb_typeof(s.channels -> 'webhook') = 'object'
       LEFT JOIN LATERAL (
         SELECT (SELECT count(*)::int FROM (SELECT 1 FROM webhook_deliveries d WHERE d.subscription_id = s.id::text
                   AND d.status IN ('pending', 'delivered') AND d.acknowledged_at IS NULL LIMIT $1) capped) AS waiting,
                (SELECT count(*)::int FROM (SELECT 1 FROM webhook_deliveries d WHERE d.subscription_id = s.id::text
                   AND d.status = 'delivered' AND d.acknowledged_at IS NULL LIMIT $1) capped) AS unacknowledged,
                (SELECT extract(epoch FROM now() - d.created_at)::float FROM webhook_deliveries d WHERE d.subscription_id = s.id::text
                   AND d.status IN ('pending', 'delivered') AND d.acknowledged_at IS NULL ORDER BY d.sequence LIMIT 1) AS oldest,
                (SELECT d.sequence::text FROM webhook_deliveries d WHERE d.subscription_id = s.id::text AND d.status = 'delivered'
                  ORDER BY d.sequence DESC LIMIT 1) AS last_delivered,
                (SELECT max(d.acknowledged_at) FROM webhook_deliveries d WHERE d.subscription_id = s.id::text
                   AND d.sequence >= (SELECT coalesce(max(x.sequence), 0) - 1000 FROM webhook_deliveries x
                                       WHERE x.subscription_id = s.id::text)) AS last_receipt_at
       ) w ON jsonb_typeof(s.channels -> 'webhook') = 'object'
      WHERE s.status <> 'deleted'
      ORDER BY s.agency, s.name`,
    [LAG_COUNT_CAP],
  );
  return rows.map((row) => ({
    id: row.id,
    agency: row.agency,
    name: row.name,
    transport: row.transport,
    state: row.state,
    lagMessages: row.waiting ?? 0,
    lagSeconds: Math.max(0, Math.round(row.oldest ?? 0)),
    lastDeliveredSequence: Number(row.last_delivered ?? 0),
    unacknowledged: row.unacknowledged ?? 0,
    lastReceiptAt: row.last_receipt_at?.toISOString() ?? null,
  }));
}
