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

async function readAgencyConsumerLag(probe: KafkaProbe, dataSource: DataSource): Promise<GaugeReading> {
  const subscribers = await dataSource.query<KafkaSubscribers[]>(
    `SELECT agency, array_agg(id::text) AS ids FROM subscriptions
      WHERE status <> 'deleted' AND (channels ->> 'kafka')::boolean GROUP BY agency`,
  );
  const messages: GaugeSample[] = [];
  const seconds: GaugeSample[] = [];
  if (subscribers.length === 0) return { hub_agency_consumer_lag_messages: messages, hub_agency_consumer_lag_seconds: seconds };
  const admin = await probe.admin();
  const { groups } = await admin.listGroups();
  const topics = new Set(await admin.listTopics());
  for (const { agency, ids } of subscribers) {
    const topic = agencyInboundTopic(agency);
    const prefix = agencyConsumerGroupPrefix(agency);
    const agencyGroups = groups.map((group) => group.groupId).filter((groupId) => groupId.startsWith(prefix));
    if (!topics.has(topic) || agencyGroups.length === 0) continue;
    const ends = await admin.fetchTopicOffsets(topic);
    for (const groupId of agencyGroups) {
      const lag = await groupLag(admin, groupId, topic, ends);
      const labels = { agency, messaging_destination_name: topic, messaging_consumer_group_name: groupId };
      messages.push({ labels, value: lag });
      const age = lag === 0 ? 0 : await oldestUnreadAge(dataSource, ids, lag);
      if (age !== undefined) seconds.push({ labels, value: age });
    }
  }
  return { hub_agency_consumer_lag_messages: messages, hub_agency_consumer_lag_seconds: seconds };
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
