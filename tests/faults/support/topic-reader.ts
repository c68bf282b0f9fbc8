import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { INBOUND_HEADERS } from '@hub/contracts';
import { testKafkaClient, waitUntil } from '@hub/testing';

/** One record of a topic, as far as the checker needs it. */
export interface TopicRecord {
  readonly eventId: string;
  readonly subscriptionId: string | undefined;
  readonly sequence: number;
  readonly offsetOrder: number;
}

/**
 * Reads `topic` from the start as `user` (an agency with its own password, or the test super user
 * for a canonical topic) in a fresh group, keeping the records whose event id `wanted` holds, until
 * every wanted event has arrived or `timeoutMs` passed; resolves to what arrived either way.
 */
export async function readTopic(options: {
  topic: string;
  wanted: ReadonlySet<string>;
  user?: string;
  password?: string;
  brokers?: readonly string[];
  timeoutMs: number;
}): Promise<TopicRecord[]> {
  const client = testKafkaClient(`faults-reader-${randomUUID()}`, {
    ...(options.user ? { user: options.user, password: options.password } : {}),
    ...(options.brokers ? { brokers: [...options.brokers] } : {}),
  });
  const group = options.user ? `agency.${options.user}.faults-${randomUUID()}` : `faults-${randomUUID()}`;
  const consumer: Consumer = client.consumer({ groupId: group, maxBytes: 20 * 1024 * 1024 });
  const records: TopicRecord[] = [];
  const seen = new Set<string>();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await consumer.run({
      eachBatch: ({ batch }) => {
        for (const message of batch.messages) {
          const eventId = idOf(message.value);
          if (eventId === undefined || !options.wanted.has(eventId)) continue;
          seen.add(eventId);
          records.push({
            eventId,
            subscriptionId: message.headers?.[INBOUND_HEADERS.subscriptionId]?.toString(),
            sequence: Number(message.headers?.[INBOUND_HEADERS.sequence]?.toString() ?? Number.NaN),
            offsetOrder: records.length,
          });
        }
        return Promise.resolve();
      },
    });
    await waitUntil(`${options.wanted.size} events on ${options.topic}`, () => seen.size >= options.wanted.size, options.timeoutMs).catch(
      () => undefined,
    );
    return records;
  } finally {
    await consumer.disconnect();
  }
}

function idOf(value: Buffer | null): string | undefined {
  try {
    const id = (JSON.parse(value?.toString('utf8') ?? '{}') as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
