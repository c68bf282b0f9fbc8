import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { kafkaSecurityOptions } from './create-kafka.js';
import { TEST_KAFKA_BROKERS, testKafkaClient, testKafkaSecurity, waitUntil } from '@hub/testing';
import { KafkaBatchServer, type KafkaBatch } from './kafka-batch-server.js';

const SESSION_TIMEOUT_MS = 6_000;

/**
 * KafkaBatchServer on the real broker: a batch whose handler takes longer than the consumer's
 * session timeout (a database slow under load) keeps the consumer in its group, so its offsets
 * commit and nothing is handled twice.
 */
describe('KafkaBatchServer', () => {
  const topic = `batch-server-spec-${randomUUID()}`;
  const kafka = testKafkaClient('batch-server-spec');
  const admin = kafka.admin();

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 5 }, (_, n) => ({ key: `k${n}`, value: `v${n}` })) });
    await producer.disconnect();
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('stays in its group through a batch slower than the session timeout: handled once, committed', async () => {
    const groupId = `batch-server-spec-${randomUUID()}`;
    const server = new KafkaBatchServer({
      client: { clientId: 'batch-server-spec', brokers: TEST_KAFKA_BROKERS, ...kafkaSecurityOptions(testKafkaSecurity()) },
      consumer: { groupId, sessionTimeout: SESSION_TIMEOUT_MS, heartbeatInterval: 1_000, allowAutoTopicCreation: false },
      subscribe: { fromBeginning: true },
    });
    const handled: string[] = [];
    server.addHandler(
      topic,
      async (batch: KafkaBatch) => {
        // Far past the session timeout, as a batch waiting on a database under heavy load.
        if (handled.length === 0) await new Promise((resolve) => setTimeout(resolve, 2.5 * SESSION_TIMEOUT_MS));
        handled.push(...batch.messages.map((message) => message.offset));
      },
      true,
    );
    await new Promise<void>(
      (resolve, reject) =>
        void server.listen((error) =>
          error ? reject(error instanceof Error ? error : new Error('the batch server did not start')) : resolve(),
        ),
    );
    try {
      await waitUntil(
        'the slow batch committed',
        async () => {
          const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
          return committed?.partitions[0]?.offset === '5';
        },
        60_000,
        500,
      );
      expect(handled).toEqual(['0', '1', '2', '3', '4']);
    } finally {
      await server.close();
    }
  }, 120_000);
});
