import { describe, expect, it } from '@jest/globals';
import { parsePrometheusText, sumOf } from '@hub/testing';
import { recordConsumedBatches } from './consumed-batches.js';
import { Metrics } from './metrics.js';
import { recordSentMessages } from './sent-messages.js';

describe('recordConsumedBatches', () => {
  const batch = { topic: 'agency.x.inbound', partition: 2, groupId: 'agency.x.g', messages: 5, durationSeconds: 0.2 };
  const labels = { messaging_destination_name: 'agency.x.inbound', messaging_consumer_group_name: 'agency.x.g' };

  it('counts a handled batch and sets the partition lag in records and seconds behind its newest record', async () => {
    const metrics = new Metrics('test-app');
    const record = recordConsumedBatches(metrics);
    record({ ...batch, lagMessages: 7, newestTimestampMs: Date.now() - 30_000 });
    const samples = parsePrometheusText(await metrics.expose());
    expect(sumOf(samples, 'messaging_client_consumed_messages_total', labels)).toBe(5);
    expect(sumOf(samples, 'messaging_process_duration_seconds_count', { ...labels, error_type: '' })).toBe(1);
    expect(sumOf(samples, 'kafka_consumer_group_lag', { ...labels, messaging_destination_partition_id: '2' })).toBe(7);
    const seconds = sumOf(samples, 'kafka_consumer_group_lag_seconds', { ...labels, messaging_destination_partition_id: '2' });
    expect(seconds).toBeGreaterThanOrEqual(30);
    expect(seconds).toBeLessThan(40);
  });

  it('reports no lag once caught up, and times a failed batch without counting its records', async () => {
    const metrics = new Metrics('test-app');
    const record = recordConsumedBatches(metrics);
    record({ ...batch, lagMessages: 0, newestTimestampMs: Date.now() - 30_000 });
    record({ ...batch, errorType: 'QueryFailedError', lagMessages: 9, newestTimestampMs: Date.now() });
    const samples = parsePrometheusText(await metrics.expose());
    expect(sumOf(samples, 'messaging_client_consumed_messages_total', labels)).toBe(5);
    expect(sumOf(samples, 'messaging_process_duration_seconds_count', { ...labels, error_type: 'QueryFailedError' })).toBe(1);
    expect(sumOf(samples, 'kafka_consumer_group_lag', labels)).toBe(0);
    expect(sumOf(samples, 'kafka_consumer_group_lag_seconds', labels)).toBe(0);
  });
});

describe('recordSentMessages', () => {
  it('counts sent records per topic, failed sends apart', async () => {
    const metrics = new Metrics('test-app');
    const record = recordSentMessages(metrics);
    record({ recordsByTopic: { 'work-permit': 3, 'agency.x.inbound': 2 }, durationSeconds: 0.01 });
    record({ recordsByTopic: { 'work-permit': 4 }, durationSeconds: 5, errorType: 'KafkaJSNumberOfRetriesExceeded' });
    const samples = parsePrometheusText(await metrics.expose());
    expect(sumOf(samples, 'messaging_client_sent_messages_total', { messaging_destination_name: 'work-permit', error_type: '' })).toBe(3);
    expect(sumOf(samples, 'messaging_client_sent_messages_total', { messaging_destination_name: 'agency.x.inbound' })).toBe(2);
    expect(
      sumOf(samples, 'messaging_client_sent_messages_total', {
        messaging_destination_name: 'work-permit',
        error_type: 'KafkaJSNumberOfRetriesExceeded',
      }),
    ).toBe(4);
    expect(sumOf(samples, 'messaging_client_operation_duration_seconds_count', { messaging_operation_name: 'send' })).toBe(2);
  });
});
