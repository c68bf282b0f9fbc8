import type { LoggerService } from '@nestjs/common';
import type { Kafka } from 'kafkajs';

/**
 * Waits until every topic exists. A consumer does not create the topics it reads (their owner
 * does, with the partition count it chose); it waits for them, saying so in the log.
 */
export async function waitForTopics(kafka: Kafka, topics: readonly string[], logger: LoggerService, timeoutMs = 300_000): Promise<void> {
  const admin = kafka.admin();
  const deadline = Date.now() + timeoutMs;
  let lastLog = 0;
  try {
    await admin.connect();
    for (;;) {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((topic) => !existing.has(topic));
      if (missing.length === 0) return;
      if (Date.now() > deadline)
        throw new Error(
          `Topics ${missing.join(', ')} still do not exist after ${timeoutMs} ms; start the hub's relay, which creates them.`,
        );
      if (Date.now() - lastLog > 10_000) {
        logger.warn({ message: 'waiting for topics to be created by the hub', missing });
        lastLog = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await admin.disconnect();
  }
}
