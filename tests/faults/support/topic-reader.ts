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

/** What a reader read: the wanted records, and whether it reached the end every partition had when reading began. */
export interface TopicRead {
  readonly records: TopicRecord[];
  /** False when the time ran out first: records not read are then unknown, not missing. */
  readonly complete: boolean;
  /** Records read (all of them, wanted or not) and records there were between the log start and the end offsets. */
  readonly read: number;
  readonly total: number;
}

/**
 * Reads `topic` from the start as `user` (an agency with its own password, or the test super user
 * for a canonical topic) in a fresh group up to the end offsets each partition had when it began,
 * keeping the records whose event id `wanted` holds. Everything the relay wrote before the check is
 * below those offsets, so an event not found was never written; if `timeoutMs` runs out first the
 * read says so (`complete: false`) instead of passing off unread records as missing.
 */
export async function readTopic(options: {
  topic: string;
  wanted: ReadonlySet<string>;
  user?: string;
  password?: string;
  brokers?: readonly string[];
  timeoutMs: number;
}): Promise<TopicRead> {
  const client = testKafkaClient(`faults-reader-${randomUUID()}`, {
    ...(options.user ? { user: options.user, password: options.password } : {}),
    ...(options.brokers ? { brokers: [...options.brokers] } : {}),
  });
  const admin = testKafkaClient(`faults-reader-admin-${randomUUID()}`, options.brokers ? { brokers: [...options.brokers] } : {}).admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  // Records below a partition's log start offset are gone (retention, or a suite that cleared the topic): not there to read.
  let total = 0;
  try {
    for (const { partition, high, low } of await admin.fetchTopicOffsets(options.topic)) {
      if (BigInt(high) > BigInt(low)) ends.set(partition, BigInt(high));
      total += Number(BigInt(high) - BigInt(low));
    }
  } finally {
    await admin.disconnect();
  }
  const group = options.user ? `agency.${options.user}.faults-${randomUUID()}` : `faults-${randomUUID()}`;
  const consumer: Consumer = client.consumer({ groupId: group, maxBytes: 20 * 1024 * 1024 });
  const records: TopicRecord[] = [];
  const reached = new Map<number, bigint>();
  let read = 0;
  const done = (): boolean => [...ends].every(([partition, end]) => (reached.get(partition) ?? -1n) + 1n >= end);
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await consumer.run({
      eachBatch: ({ batch }) => {
        for (const message of batch.messages) {
          const offset = BigInt(message.offset);
          const end = ends.get(batch.partition);
          if (end === undefined || offset >= end || offset <= (reached.get(batch.partition) ?? -1n)) continue;
          reached.set(batch.partition, offset);
          read += 1;
          const eventId = idOf(message.value);
          if (eventId === undefined || !options.wanted.has(eventId)) continue;
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
    const complete = await waitUntil(`${options.topic} read to its end offsets`, done, options.timeoutMs).then(
      () => true,
      () => false,
    );
    return { records, complete, read, total };
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
