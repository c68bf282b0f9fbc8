import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';

/** A super user's SASL credentials and the CA that verifies the broker. */
export interface ReadinessProbeSecurity {
  readonly sasl: SASLOptions;
  readonly ssl: { readonly ca: readonly string[] };
}

/**
 * Waits until the broker at `brokers` really serves the traffic the hub needs: it creates a probe
 * topic, produces to it with acks=all, and has a consumer group join, read the record and commit
 * its offset (which also creates `__consumer_offsets`). Listening on the port is not enough: a
 * fresh KRaft node accepts connections seconds before its group coordinator is ready. The probe
 * connects as a super user over TLS (LocalKafka uses its own broker user).
 */
export async function waitForKafka(brokers: string[], timeoutMs = 90_000, security: ReadinessProbeSecurity): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      // At most 20 s per attempt: a consumer stuck in its first join (seen once, right after start-up) is replaced by a fresh one.
      await probeOnce(brokers, Math.min(20_000, Math.max(5_000, deadline - Date.now())), security);
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw new Error(`Kafka at ${brokers.join(',')} did not become ready within ${timeoutMs} ms: ${String(lastError)}`);
}

async function probeOnce(brokers: string[], timeoutMs: number, security: ReadinessProbeSecurity): Promise<void> {
  const kafka = new Kafka({
    clientId: 'readiness-probe',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 2 },
    sasl: security.sasl,
    ssl: { ca: [...security.ssl.ca] },
    // Re-authenticate (KIP-368) 3 s before the broker's 10 s session ends, as the apps do.
    reauthenticationThreshold: 3_000,
  });
  const topic = '__hub_readiness';
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `readiness-${randomUUID()}` });
  try {
    await admin.connect();
    const existing = await admin.listTopics();
    if (!existing.includes(topic)) {
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    }
    await producer.connect();
    const marker = randomUUID();
    await producer.send({ topic, acks: -1, messages: [{ value: marker }] });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('probe consumer saw no record')), timeoutMs);
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ message, partition }) => {
          if (message.value?.toString() !== marker) return;
          await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
          clearTimeout(timer);
          resolve();
        },
      });
    });
  } finally {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
  }
}
