import type { Metrics } from './metrics.js';

/** What a producer reports after one send: records per topic, the broker's time, the error's name if it failed. */
export interface SentMessagesReport {
  readonly recordsByTopic: Readonly<Record<string, number>>;
  readonly durationSeconds: number;
  readonly errorType?: string;
}

/**
 * Records each send of a Kafka producer: `messaging_client_sent_messages_total` per topic (with
 * `error_type` set when the send failed: the records stay in the outbox and are sent again) and
 * `messaging_client_operation_duration_seconds{messaging_operation_name="send"}`, one observation per send.
 */
export function recordSentMessages(metrics: Metrics): (report: SentMessagesReport) => void {
  const sent = metrics.counter('messaging_client_sent_messages_total', 'Messages the producer attempted to send to Kafka.', [
    'messaging_system',
    'messaging_destination_name',
    'error_type',
  ]);
  const duration = metrics.histogram('messaging_client_operation_duration_seconds', 'Duration of a Kafka client operation.', [
    'messaging_system',
    'messaging_operation_name',
    'error_type',
  ]);
  return (report) => {
    const error_type = report.errorType ?? '';
    for (const [topic, count] of Object.entries(report.recordsByTopic)) {
      sent.inc({ messaging_system: 'kafka', messaging_destination_name: topic, error_type }, count);
    }
    duration.observe({ messaging_system: 'kafka', messaging_operation_name: 'send', error_type }, report.durationSeconds);
  };
}
