import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { readSubscriptionLag, type SubscriptionLag } from '../../ops/index.js';
import { bucketsOf, isoMinute } from '../kernel/buckets.js';
import type { Window } from '../kernel/time-range.js';
import { ReadConsumerGroups, type ConsumerGroupsReading } from './read-consumer-groups.js';

/** A worker's state as the rollups show it: `idle` (nothing waits), `running` (it moved in the last two minutes), `stalled` (work waits, no progress). */
export type WorkerState = 'idle' | 'running' | 'stalled';

/** A consumer group reading a Kafka subscription's inbound topic. */
export interface SubscriptionConsumerGroup {
  readonly groupId: string;
  readonly lagMessages: number;
  readonly lagSeconds: number | null;
}

export interface Lag {
  readonly stepSeconds: number;
  readonly subscriptions: (SubscriptionLag & {
    trend: [string, number, number][];
    /** Kafka subscriptions: the groups reading the agency's inbound topic (shared by its Kafka subscriptions). */
    consumerGroups: SubscriptionConsumerGroup[];
  })[];
  /** Every agency's consumer groups from the brokers, or why they could not be read. */
  readonly consumerGroups: ConsumerGroupsReading;
  readonly outbox: { backlog: number; oldestAgeSeconds: number; trend: [string, number][] };
  readonly relay: { state: WorkerState; lastRunAt: string | null };
  readonly dispatcher: { state: WorkerState; lastRunAt: string | null };
}

const STALLED_AFTER_SECONDS = 120;

/**
 * The lag page: each subscription's lag now (readSubscriptionLag) and its trend (the per-minute
 * samples in `metric_rollups`, the largest of each step), the outbox now and its trend, and the
 * relay's and webhook dispatcher's last active minute (their counters' rollups), and the consumer
 * groups reading each Kafka subscription's inbound topic from the brokers (ReadConsumerGroups: kept
 * 10 s, at most 3 s of the page's time, an error in its place when Kafka is slow or away).
 */
@Injectable()
export class ShowLagQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly groups: ReadConsumerGroups,
  ) {}

  async show(window: Window): Promise<Lag> {
    const [subscriptions, [outbox], samples, [last], consumerGroups] = await Promise.all([
      readSubscriptionLag(this.dataSource),
      this.dataSource.query<{ n: number; age: number }[]>(
        'SELECT count(*)::int AS n, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS age FROM outbox',
      ),
      this.dataSource.query<{ series: string; subscription: string | null; bucket: number; value: string }[]>(
        `SELECT series, labels->>'subscription' AS subscription,
                (floor(extract(epoch FROM minute) / $3) * $3)::bigint::int AS bucket, max(value)::text AS value
           FROM metric_rollups
          WHERE series IN ('subscription_lag_messages', 'subscription_lag_seconds', 'outbox_backlog')
            AND minute >= $1 AND minute < $2
          GROUP BY 1, 2, 3`,
        [window.from, window.to, window.stepSeconds],
      ),
      this.dataSource.query<{ relayed: Date | null; attempted: Date | null; webhooks_waiting: boolean }[]>(
        `SELECT (SELECT max(minute) FROM metric_rollups WHERE series = 'records_relayed' AND minute >= now() - interval '7 days') AS relayed,
                (SELECT max(minute) FROM metric_rollups WHERE series = 'webhook_attempts' AND minute >= now() - interval '7 days') AS attempted,
                EXISTS (SELECT 1 FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now()) AS webhooks_waiting`,
      ),
      this.groups.read(),
    ]);
    const buckets = bucketsOf(window);
    const sampled = new Map(samples.map((row) => [`${row.series}|${row.subscription ?? ''}|${row.bucket}`, Number(row.value)]));
    const value = (series: string, subscription: string | null, bucket: number): number =>
      sampled.get(`${series}|${subscription ?? ''}|${bucket}`) ?? 0;
    const backlog = outbox?.n ?? 0;
    return {
      stepSeconds: window.stepSeconds,
      subscriptions: subscriptions.map((one) => ({
        ...one,
        trend: buckets.map((bucket): [string, number, number] => [
          isoMinute(bucket),
          value('subscription_lag_messages', one.id, bucket),
          value('subscription_lag_seconds', one.id, bucket),
        ]),
        consumerGroups: consumerGroups.groups
          .filter((group) => group.subscriptions.includes(one.id))
          .map(({ groupId, lagMessages, lagSeconds }) => ({ groupId, lagMessages, lagSeconds })),
      })),
      consumerGroups,
      outbox: {
        backlog,
        oldestAgeSeconds: Math.round(outbox?.age ?? 0),
        trend: buckets.map((bucket): [string, number] => [isoMinute(bucket), value('outbox_backlog', null, bucket)]),
      },
      relay: worker(backlog > 0, last?.relayed ?? null),
      dispatcher: worker(last?.webhooks_waiting ?? false, last?.attempted ?? null),
    };
  }
}

function worker(waiting: boolean, lastRunAt: Date | null): { state: WorkerState; lastRunAt: string | null } {
  const recent = lastRunAt !== null && Date.now() - lastRunAt.getTime() < (STALLED_AFTER_SECONDS + 60) * 1000;
  return { state: !waiting ? 'idle' : recent ? 'running' : 'stalled', lastRunAt: lastRunAt?.toISOString() ?? null };
}
