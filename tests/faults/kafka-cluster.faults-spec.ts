import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testKafkaClient } from '@hub/testing';
import { KafkaCluster } from './support/kafka-cluster.js';

/**
 * The rig's cluster keeps its promise before the hub is put on it: with acks=all a write needs two
 * of three nodes, so killing (-9) the leader of a partition loses no acknowledged record, a second
 * node down stops writes (min.insync.replicas=2) instead of accepting them on one copy, and the
 * restarted nodes catch up.
 */
describe('the fault suite’s three-node Kafka cluster', () => {
  const cluster = new KafkaCluster();
  const topic = `faults-cluster-${randomUUID()}`;

  beforeAll(async () => {
    await cluster.start();
  }, 240_000);
  afterAll(async () => {
    await cluster.stop();
  }, 120_000);

  it('loses no acknowledged record when the leader is killed, and refuses writes with one node left', async () => {
    const kafka = testKafkaClient('faults-cluster-spec', { brokers: cluster.brokers });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 3 }], waitForLeaders: true });
    const described = await admin.describeConfigs({ resources: [{ type: 2, name: topic }], includeSynonyms: false });
    expect(described.resources[0]?.configEntries.find((entry) => entry.configName === 'min.insync.replicas')?.configValue).toBe('2');
    await admin.disconnect();

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const acknowledged: string[] = [];
    const send = async (value: string): Promise<void> => {
      await producer.send({ topic, acks: -1, messages: [{ key: 'k', value }] });
      acknowledged.push(value);
    };
    for (let i = 0; i < 50; i++) await send(`before-${i}`);
    const leader = await cluster.leaderOf(topic);
    await cluster.kill(leader);
    for (let i = 0; i < 50; i++) await send(`after-${i}`);
    expect(await cluster.leaderOf(topic)).not.toBe(leader);

    // A second node down: one copy left, fewer than min.insync.replicas, so acks=all writes fail.
    const second = await cluster.leaderOf(topic);
    const bounded = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 2, initialRetryTime: 200 } });
    await bounded.connect();
    await cluster.kill(second);
    await expect(bounded.send({ topic, acks: -1, timeout: 5_000, messages: [{ value: 'on-one-copy' }] })).rejects.toThrow();
    await bounded.disconnect().catch(() => undefined);
    await Promise.all([cluster.restart(leader), cluster.restart(second)]);
    await producer.disconnect().catch(() => undefined);

    const consumer = kafka.consumer({ groupId: `faults-cluster-${randomUUID()}` });
    const read: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        read.push(message.value?.toString() ?? '');
        return Promise.resolve();
      },
    });
    const deadline = Date.now() + 60_000;
    while (acknowledged.some((value) => !read.includes(value)) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 250));
    await consumer.disconnect();
    expect(acknowledged.filter((value) => !read.includes(value))).toEqual([]);
    expect(read.filter((value) => value.startsWith('before-') || value.startsWith('after-'))).toEqual(acknowledged);
  }, 300_000);
});
