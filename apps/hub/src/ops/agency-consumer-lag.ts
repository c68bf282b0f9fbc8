import { agencyConsumerGroupPrefix, agencyInboundTopic, type KafkaAdmin, type KafkaProbe } from '@hub/messaging';
import type { GaugeReading, GaugeSample, Metrics } from '@hub/observability';
import type { DataSource } from 'typeorm';

interface KafkaSubscribers {
  readonly agency: string;
  readonly ids: string[];
}

/**
 * How far each agency's consumer groups are behind on its inbound topic, read with the hub's
 * admin client when scraped (cached `cacheMs`): `hub_agency_consumer_lag_messages` (the topic's end
 * offsets less the group's committed offsets, summed over partitions) and
 * `hub_agency_consumer_lag_seconds`, the age of the oldest delivery the group has not read: the hub
 * numbers each subscription's deliveries, so the delivery `lag` places from the end of a
 * subscription's sequence is found by its primary key. Exact for an agency with one Kafka
 * subscription; with several sharing the topic, an upper bound.
 */
export function registerAgencyConsumerLag(metrics: Metrics, probe: KafkaProbe, dataSource: DataSource, cacheMs = 15_000): void {
  const labelNames = ['agency', 'messaging_destination_name', 'messaging_consumer_group_name'];
  metrics.scraped(
    'agency_consumer_lag',
    [
      {
        name: 'hub_agency_consumer_lag_messages',
        help: 'Records of an agency’s inbound topic its consumer group has not committed.',
        labelNames,
      },
      { name: 'hub_agency_consumer_lag_seconds', help: 'Age of the oldest delivery an agency’s consumer group has not read.', labelNames },
    ],
    () => readAgencyConsumerLag(probe, dataSource),
    cacheMs,
  );
}

/** One consumer group of an agency on its inbound topic, and how far behind it is. */
export interface AgencyConsumerGroupLag {
  readonly agency: string;
  readonly topic: string;
  readonly groupId: string;
  /** The agency's Kafka subscriptions, which all write to that topic. */
  readonly subscriptions: readonly string[];
  /** The topic's end offsets less the group's committed offsets, summed over partitions. */
  readonly lagMessages: number;
  /** Age of the oldest delivery the group has not read (see registerAgencyConsumerLag); null when it cannot be placed. */
  readonly lagSeconds: number | null;
}

async function readAgencyConsumerLag(probe: KafkaProbe, dataSource: DataSource): Promise<GaugeReading> {
  const messages: GaugeSample[] = [];
  const seconds: GaugeSample[] = [];
  for (const group of await readAgencyConsumerGroups(probe, dataSource)) {
    const labels = { agency: group.agency, messaging_destination_name: group.topic, messaging_consumer_group_name: group.groupId };
    messages.push({ labels, value: group.lagMessages });
    if (group.lagSeconds !== null) seconds.push({ labels, value: group.lagSeconds });
  }
  return { hub_agency_consumer_lag_messages: messages, hub_agency_consumer_lag_seconds: seconds };
}

/**
 * Each consumer group reading the inbound topic of an agency with Kafka subscriptions (groups named
 * with the agency's prefix, `agency.<id>.`), with its lag in messages and seconds, through the
 * hub's admin client: list the groups, the topic's end offsets, each group's committed offsets.
 */
export async function readAgencyConsumerGroups(probe: KafkaProbe, dataSource: DataSource): Promise<AgencyConsumerGroupLag[]> {
  const subscribers = await dataSource.query<KafkaSubscribers[]>(
    `SELECT agency, array_agg(id::text ORDER BY id) AS ids FROM subscriptions
      WHERE status <> 'deleted' AND (channels ->> 'kafka')::boolean GROUP BY agency ORDER BY agency`,
  );
  const read: AgencyConsumerGroupLag[] = [];
  if (subscribers.length === 0) return read;
  const admin = await probe.admin();
  const { groups } = await admin.listGroups();
  const topics = new Set(await admin.listTopics());
  for (const { agency, ids } of subscribers) {
    const topic = agencyInboundTopic(agency);
    const prefix = agencyConsumerGroupPrefix(agency);
    const agencyGroups = groups
      .map((group) => group.groupId)
      .filter((groupId) => groupId.startsWith(prefix))
      .sort();
    if (!topics.has(topic) || agencyGroups.length === 0) continue;
    const ends = await admin.fetchTopicOffsets(topic);
    for (const groupId of agencyGroups) {
      const lag = await groupLag(admin, groupId, topic, ends);
      const age = lag === 0 ? 0 : await oldestUnreadAge(dataSource, ids, lag);
      read.push({ agency, topic, groupId, subscriptions: ids, lagMessages: lag, lagSeconds: age ?? null });
    }
  }
  return read;
}

/** The group's lag on the topic: end offset less committed offset, per partition (from the start when it never committed). */
async function groupLag(
  admin: KafkaAdmin,
  groupId: string,
  topic: string,
  ends: readonly { partition: number; high: string; low: string }[],
): Promise<number> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  let lag = 0;
  for (const end of ends) {
    const offset = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
    const from = offset === '-1' ? Number(end.low) : Number(offset);
    lag += Math.max(0, Number(end.high) - from);
  }
  return lag;
}

/** Seconds since the hub routed the delivery `lag` places from the end of each subscription's sequence (the oldest over them). */
async function oldestUnreadAge(dataSource: DataSource, subscriptionIds: readonly string[], lag: number): Promise<number | undefined> {
  const [row] = await dataSource.query<{ age: number | null }[]>(
    `SELECT max(extract(epoch FROM now() - d.routed_at))::float AS age
       FROM subscriptions s
       JOIN subscription_deliveries d ON d.subscription_id = s.id AND d.sequence = greatest(1, s.next_sequence - $2::bigint)
      WHERE s.id = ANY($1::uuid[])`,
    [subscriptionIds, lag],
  );
  return row?.age ?? undefined;
}
