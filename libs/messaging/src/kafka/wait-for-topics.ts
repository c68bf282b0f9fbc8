import { setTimeout as sleep } from 'node:timers/promises';
import type { LoggerService } from '@nestjs/common';
import type { Kafka } from 'kafkajs';

/** How long to wait for topics, and what to tell the operator meanwhile. */
export interface WaitForTopicsOptions {
  /** Give up (throw) after this long; by default wait as long as it takes. */
  readonly timeoutMs?: number;
  /** Stop waiting: the promise then resolves to false. */
  readonly signal?: AbortSignal;
  /** Who creates the topics and how to get them created, for the log line and the timeout error. */
  readonly hint?: string;
  /** How often the log line is repeated while waiting (default 60 s; the first is written at once). */
  readonly logEveryMs?: number;
}

const DEFAULT_HINT = "start the hub's relay, which creates them";

/**
 * Waits until every topic exists. A consumer does not create the topics it reads (their owner
 * does, with the partition count it chose); it waits for them, saying in the log which topics it
 * waits for and what creates them. Resolves to true once they exist, false if `signal` aborted.
 */
export async function waitForTopics(
  kafka: Kafka,
  topics: readonly string[],
  logger: LoggerService,
  options: WaitForTopicsOptions = {},
): Promise<boolean> {
  const { timeoutMs, signal, hint = DEFAULT_HINT, logEveryMs = 60_000 } = options;
  const deadline = timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + timeoutMs;
  const admin = kafka.admin();
  let lastLog = Number.NEGATIVE_INFINITY;
  try {
    await admin.connect();
    for (;;) {
      if (signal?.aborted) return false;
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((topic) => !existing.has(topic));
      if (missing.length === 0) return true;
      if (Date.now() > deadline) throw new Error(`Topics ${missing.join(', ')} still do not exist after ${timeoutMs} ms; ${hint}.`);
      if (Date.now() - lastLog >= logEveryMs) {
        logger.warn({ message: 'waiting for Kafka topics to be created', missing, hint });
        lastLog = Date.now();
      }
      await sleep(500, undefined, { signal }).catch(() => undefined);
    }
  } finally {
    await admin.disconnect();
  }
}
