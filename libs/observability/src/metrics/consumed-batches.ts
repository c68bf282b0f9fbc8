import type { Metrics } from './metrics.js';

/** What a Kafka consumer reports after handling one partition's batch. */
export interface ConsumedBatchReport {
  readonly topic: string;
  readonly partition: number;
  readonly groupId: string;
  readonly messages: number;
  readonly durationSeconds: number;
  /** The error's name when the handler failed (the batch is then read again). */
  readonly errorType?: string;
  /** Messages of the partition still behind this batch (the high watermark less the next offset). */
  readonly lagMessages: number;
  /** The Kafka timestamp (ms) of the batch's newest message. */
  readonly newestTimestampMs: number;
}

/**
 * Records each batch a consumer handles: `messaging_client_consumed_messages_total`,
 * `messaging_process_duration_seconds` (one observation per batch) and the consumer's own lag,
 * `kafka_consumer_group_lag` in messages and `kafka_consumer_group_lag_seconds`: how long ago
 * the newest handled message was written, while messages remain behind it (0 once caught up).
 */
export function recordConsumedBatches(metrics: Metrics): (report: ConsumedBatchReport) => void {
  const base = ['messaging_system', 'messaging_destination_name', 'messaging_consumer_group_name'] as const;
  const consumed = metrics.counter('messaging_client_consumed_messages_total', 'Messages delivered to the application by Kafka.', base);
  const duration = metrics.histogram('messaging_process_duration_seconds', 'Duration of processing one batch of messages.', [
    ...base,
    'error_type',
  ]);
  const lag = consumerLagGauges(metrics);
  return (report) => {
    const labels = { messaging_system: 'kafka', messaging_destination_name: report.topic, messaging_consumer_group_name: report.groupId };
    duration.observe({ ...labels, error_type: report.errorType ?? '' }, report.durationSeconds);
    if (report.errorType !== undefined) return;
    consumed.inc(labels, report.messages);
    const partition = { ...labels, messaging_destination_partition_id: String(report.partition) };
    lag.messages.set(partition, report.lagMessages);
    lag.seconds.set(partition, report.lagMessages > 0 ? Math.max(0, (Date.now() - report.newestTimestampMs) / 1000) : 0);
  };
}

/** The consumer-lag gauges, per topic, group and partition (shared by a consumer's own view and an admin's view). */
export function consumerLagGauges(metrics: Metrics): {
  messages: ReturnType<Metrics['gauge']>;
  seconds: ReturnType<Metrics['gauge']>;
} {
  const labels = ['messaging_system', 'messaging_destination_name', 'messaging_consumer_group_name', 'messaging_destination_partition_id'];
  return {
    messages: metrics.gauge('kafka_consumer_group_lag', 'Messages of a partition not yet consumed by the group.', labels),
    seconds: metrics.gauge('kafka_consumer_group_lag_seconds', 'How far behind the newest message the group is, in seconds.', labels),
  };
}
