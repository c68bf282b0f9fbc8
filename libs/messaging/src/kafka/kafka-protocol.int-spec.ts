import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { testKafkaClient } from '@hub/testing';

/**
 * Protocol smoke test: the kafkajs version the hub uses against the Apache Kafka version the repo
 * runs (4.1, which dropped the oldest protocol versions). Idempotent produce with acks=all, a
 * consumer group committing offsets, and the admin calls the hub makes.
 */
describe('kafkajs against the local Apache Kafka broker', () => {
  const kafka = testKafkaClient('protocol-smoke');
  const topic = `smoke-${randomUUID()}`;
  let admin: Admin;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin.disconnect();
  });

  it('creates and describes a topic', async () => {
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions).toHaveLength(3);
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toHaveLength(1);
  });

  it('produces idempotently with acks=all and keeps per-key order through a consumer group that commits', async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const messages = Array.from({ length: 30 }, (_, i) => ({ key: `subject-${i % 3}`, value: String(i) }));
    const acks = await producer.send({ topic, acks: -1, messages });
    expect(acks.every((ack) => ack.errorCode === 0)).toBe(true);
    await producer.disconnect();

    const groupId = `smoke-group-${randomUUID()}`;
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen = new Map<string, number[]>();
    await new Promise<void>((resolve) => {
      let count = 0;
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ message, partition }) => {
          const key = message.key?.toString() ?? '';
          seen.set(key, [...(seen.get(key) ?? []), Number(message.value?.toString())]);
          await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
          if (++count === messages.length) resolve();
        },
      });
    });
    await consumer.disconnect();

    for (const [key, values] of seen) {
      const expected = messages.filter((m) => m.key === key).map((m) => Number(m.value));
      expect(values).toEqual(expected);
    }
    // Every partition's committed offset is its end offset: the group has committed all it read.
    const committed = (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions ?? [];
    const ends = await admin.fetchTopicOffsets(topic);
    expect(ends.reduce((sum, p) => sum + Number(p.high), 0)).toBe(messages.length);
    for (const end of ends) {
      const offset = committed.find((p) => p.partition === end.partition)?.offset;
      expect(end.high === '0' ? offset === '-1' || offset === '0' : offset === end.high).toBe(true);
    }
  });
});
