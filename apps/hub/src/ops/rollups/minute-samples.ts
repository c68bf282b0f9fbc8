import type { DataSource } from 'typeorm';
import type { RollupRow } from './rollup-deltas.js';
import { readSubscriptionLag } from './subscription-lag.js';

/**
 * What the hub samples once a minute into `metric_rollups` besides its counters: gauges (each
 * subscription's lag in messages and seconds, the outbox backlog and its oldest age) for the lag
 * page's trends, and what the database counts better than a process can (webhook deliveries per
 * subscriber agency, receipts recorded per subscriber agency and transport) for the minute
 * `[from, to)`. Each count is a range of an index on its time column.
 */
export async function sampleMinute(dataSource: DataSource, from: Date, to: Date): Promise<RollupRow[]> {
  const [lag, [outbox], delivered, recorded] = await Promise.all([
    readSubscriptionLag(dataSource),
    dataSource.query<{ n: number; age: number }[]>(
      'SELECT count(*)::int AS n, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS age FROM outbox',
    ),
    dataSource.query<{ agency: string; n: number }[]>(
      `SELECT agency_id AS agency, count(*)::int AS n FROM webhook_deliveries
        WHERE delivered_at >= $1 AND delivered_at < $2 GROUP BY 1`,
      [from, to],
    ),
    dataSource.query<{ agency: string; transport: string; n: number }[]>(
      `SELECT agency_id AS agency, 'webhook' AS transport, count(*)::int AS n FROM webhook_receipts
        WHERE recorded_at >= $1 AND recorded_at < $2 GROUP BY 1
       UNION ALL
       SELECT s.agency, 'kafka', count(*)::int FROM subscription_deliveries d JOIN subscriptions s ON s.id = d.subscription_id
        WHERE d.acknowledged_at >= $1 AND d.acknowledged_at < $2 GROUP BY 1`,
      [from, to],
    ),
  ]);
  return [
    ...lag.flatMap((one) => [
      { series: 'subscription_lag_messages', labels: { subscription: one.id, agency: one.agency }, value: one.lagMessages },
      { series: 'subscription_lag_seconds', labels: { subscription: one.id, agency: one.agency }, value: one.lagSeconds },
    ]),
    { series: 'outbox_backlog', labels: {}, value: outbox?.n ?? 0 },
    { series: 'outbox_oldest_age_seconds', labels: {}, value: Math.round(outbox?.age ?? 0) },
    ...delivered.map((row) => ({ series: 'webhooks_delivered', labels: { agency: row.agency }, value: row.n })),
    ...recorded.map((row) => ({ series: 'receipts_recorded', labels: { agency: row.agency, transport: row.transport }, value: row.n })),
  ];
}
