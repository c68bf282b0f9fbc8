import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaSecurityOptions, type KafkaSecurity } from '@hub/messaging';

/**
 * The baseline: the same payloads through a bare kafkajs producer → consumer pipe on the same
 * broker (idempotent producer, acks=all, batches; one consumer group reading by batch). No HTTP,
 * no validation, no database: what Kafka and kafkajs alone do on this machine.
 */
export async function runBaselinePipe(
  brokers: string[],
  security: KafkaSecurity,
  payloads: readonly { key: string; value: string }[],
  batchSize: number,
): Promise<{ seconds: number }> {
  const kafka = new Kafka({ clientId: 'bench-baseline', brokers, ...kafkaSecurityOptions(security), logLevel: logLevel.NOTHING });
  const topic = `bench.baseline.${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
  await admin.disconnect();

  const consumer = kafka.consumer({ groupId: `bench-baseline-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let consumed = 0;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch }) => {
      consumed += batch.messages.length;
      if (consumed >= payloads.length) resolveDone();
      await Promise.resolve();
    },
  });

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const started = performance.now();
  for (let i = 0; i < payloads.length; i += batchSize) {
    await producer.send({ topic, acks: -1, messages: payloads.slice(i, i + batchSize) });
  }
  await done;
  const seconds = (performance.now() - started) / 1000;
  await producer.disconnect();
  await consumer.disconnect();
  return { seconds };
}
