import { CANONICAL_TOPIC_NAMES } from '@hub/contracts';
import type { GaugeReading, Metrics } from '@hub/observability';
import type { DataSource } from 'typeorm';

const INBOUND_TOPIC = /^agency\.(.+)\.inbound$/;

/**
 * The hub's gauges that only the database knows, read when `/metrics` is scraped (cached
 * `cacheMs`), never on the publish path: the outbox (pending and oldest age, canonical topics vs
 * agencies' inbound topics, and per agency), deliveries routed per subscription, webhook deliveries
 * per subscription and state, dead letters, and audit sealing. Each query is a small aggregate
 * over tables kept short (outbox, leaves) or an index look-up (subscriptions).
 */
export function registerHubGauges(metrics: Metrics, dataSource: DataSource, cacheMs = 5_000): void {
  metrics.scraped(
    'hub',
    [
      { name: 'hub_outbox_pending_messages', help: 'Outbox records not yet relayed to Kafka.', labelNames: ['destination_kind'] },
      { name: 'hub_outbox_oldest_age_seconds', help: 'Age of the oldest outbox record not yet relayed.', labelNames: ['destination_kind'] },
      {
        name: 'hub_kafka_deliveries_pending',
        help: 'Deliveries waiting in the outbox for an agency’s inbound topic.',
        labelNames: ['agency'],
      },
      {
        name: 'hub_subscription_deliveries_routed',
        help: 'Deliveries numbered for a subscription since it was created.',
        labelNames: ['subscription_id', 'agency', 'status'],
      },
      {
        name: 'hub_webhook_deliveries',
        help: 'Webhook deliveries by subscription and state (pending, delivered, dead, discarded).',
        labelNames: ['subscription_id', 'agency', 'state'],
      },
      {
        name: 'hub_dead_letters',
        help: 'Dead letters held, by source (kafka, webhook) and error code.',
        labelNames: ['source', 'error_code'],
      },
      { name: 'hub_audit_unsealed_leaves', help: 'Audit entries written but not yet sealed into the hash chain.' },
      { name: 'hub_audit_oldest_unsealed_age_seconds', help: 'Age of the oldest audit entry not yet sealed (0 when none waits).' },
      { name: 'hub_audit_last_checkpoint_age_seconds', help: 'Age of the newest signed audit checkpoint.' },
    ],
    () => readHubGauges(dataSource),
    cacheMs,
  );
}

async function readHubGauges(dataSource: DataSource): Promise<GaugeReading> {
  const [outbox, inbound, subscriptions, webhooks, deadLetters, audit] = await Promise.all([
    dataSource.query<{ kind: string; n: number; age: number }[]>(
      `SELECT CASE WHEN topic = ANY($1::text[]) THEN 'canonical' WHEN topic LIKE 'agency.%' THEN 'agency' ELSE 'other' END AS kind,
              count(*)::int AS n,
              extract(epoch FROM now() - min(created_at))::float AS age
         FROM outbox GROUP BY 1`,
      [CANONICAL_TOPIC_NAMES],
    ),
    dataSource.query<{ topic: string; n: number }[]>(
      `SELECT topic, count(*)::int AS n FROM outbox WHERE topic LIKE 'agency.%' GROUP BY topic`,
    ),
    dataSource.query<{ id: string; agency: string; status: string; routed: string }[]>(
      `SELECT id, agency, status, (next_sequence - 1)::text AS routed FROM subscriptions WHERE status <> 'deleted'`,
    ),
    dataSource.query<{ subscription_id: string; agency_id: string; status: string; n: number }[]>(
      'SELECT subscription_id, agency_id, status, count(*)::int AS n FROM webhook_deliveries GROUP BY 1, 2, 3',
    ),
    dataSource.query<{ code: string; n: number }[]>(
      'SELECT error_code AS code, count(*)::int AS n FROM dead_letters WHERE resolved_at IS NULL GROUP BY 1',
    ),
    dataSource.query<{ leaves: number; oldest: number; checkpoint: number | null }[]>(
      `SELECT (SELECT count(*)::int FROM audit_leaves) AS leaves,
              coalesce((SELECT extract(epoch FROM now() - min(at))::float FROM audit_leaves), 0) AS oldest,
              (SELECT extract(epoch FROM now() - max(at))::float FROM audit_checkpoints) AS checkpoint`,
    ),
  ]);
  // canonical and agency always appear (0 when empty); `other` (what an older version queued for the dispatch stream) only while present.
  const kinds = [
    ...['canonical', 'agency'].map((kind) => outbox.find((row) => row.kind === kind) ?? { kind, n: 0, age: 0 }),
    ...outbox.filter((row) => row.kind === 'other'),
  ];
  const [auditRow] = audit;
  return {
    hub_outbox_pending_messages: kinds.map((row) => ({ labels: { destination_kind: row.kind }, value: row.n })),
    hub_outbox_oldest_age_seconds: kinds.map((row) => ({ labels: { destination_kind: row.kind }, value: row.age })),
    hub_kafka_deliveries_pending: inbound.flatMap((row) => {
      const agency = INBOUND_TOPIC.exec(row.topic)?.[1];
      return agency === undefined ? [] : [{ labels: { agency }, value: row.n }];
    }),
    hub_subscription_deliveries_routed: subscriptions.map((row) => ({
      labels: { subscription_id: row.id, agency: row.agency, status: row.status },
      value: Number(row.routed),
    })),
    hub_webhook_deliveries: webhooks.map((row) => ({
      labels: { subscription_id: row.subscription_id, agency: row.agency_id, state: row.status },
      value: row.n,
    })),
    hub_dead_letters: [
      ...deadLetters.map((row) => ({ labels: { source: 'kafka', error_code: row.code }, value: row.n })),
      {
        labels: { source: 'webhook', error_code: 'WEBHOOK_DEAD' },
        value: webhooks.filter((row) => row.status === 'dead').reduce((sum, row) => sum + row.n, 0),
      },
    ],
    hub_audit_unsealed_leaves: [{ labels: {}, value: auditRow?.leaves ?? 0 }],
    hub_audit_oldest_unsealed_age_seconds: [{ labels: {}, value: auditRow?.oldest ?? 0 }],
    hub_audit_last_checkpoint_age_seconds: auditRow?.checkpoint == null ? [] : [{ labels: {}, value: auditRow.checkpoint }],
  };
}
