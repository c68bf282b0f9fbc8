import { randomUUID } from 'node:crypto';
import { createDataSource, createTestDatabase, runMigrationsExclusively } from '@hub/persistence';
import { TEST_DATABASE_SERVER_URL, testKafkaClient, waitUntil } from '@hub/testing';
import type { Kafka, Producer } from 'kafkajs';
import { createRecordProducer } from '../kafka/record-producer.js';
import type { DataSource } from 'typeorm';
import { CreateOutbox1764140000000 } from '../migrations/1764140000000-create-outbox.js';
import { PartitionOutbox1764140000003 } from '../migrations/1764140000003-partition-outbox.js';
import { appendToOutbox } from '../outbox/append-to-outbox.js';
import type { OutboxRelaySettings } from '../outbox/outbox-relay.js';

/** A record as read back from Kafka. */
export interface ReadRecord {
  readonly key: string;
  readonly value: string;
}

/**
 * What the relay specs share: a migrated database of their own, the test broker, producers (closed
 * with the fixture), topics with unique names, and a reader that waits for a count of records.
 * Not part of @hub/messaging.
 */
export class RelayFixture {
  readonly kafka: Kafka;
  private readonly producers: Producer[] = [];

  private constructor(
    readonly dataSource: DataSource,
    private readonly database: { url: string; drop: () => Promise<void> },
    name: string,
  ) {
    this.kafka = testKafkaClient(name);
  }

  static async create(name: string): Promise<RelayFixture> {
    const database = await createTestDatabase(TEST_DATABASE_SERVER_URL, name.replaceAll('-', '_'));
    const dataSource = await createDataSource({
      url: database.url,
      applicationName: name,
      entities: [],
      migrations: [CreateOutbox1764140000000, PartitionOutbox1764140000003],
    }).initialize();
    await runMigrationsExclusively(dataSource);
    return new RelayFixture(dataSource, database, name);
  }

  get databaseUrl(): string {
    return this.database.url;
  }

  settings(batchSize: number): OutboxRelaySettings {
    return { databaseUrl: this.database.url, batchSize, pollIntervalMs: 200, maxBackoffMs: 500, lingerMs: 2 };
  }

  /** The producer the hub's relay uses (acks=all, one try per send). */
  async producer(): Promise<Producer> {
    const producer = createRecordProducer(this.kafka);
    await producer.connect();
    this.producers.push(producer);
    return producer;
  }

  async newTopic(name = `relay-test-${randomUUID()}`, numPartitions = 3): Promise<string> {
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: name, numPartitions }], waitForLeaders: true });
    await admin.disconnect();
    return name;
  }

  /** Queues `count` records in one transaction, record i keyed `subject-<i % keys>` with value `first + i`. */
  async enqueue(topic: string, count: number, keys: number, first = 0): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await appendToOutbox(
        manager,
        Array.from({ length: count }, (_, i) => ({
          eventId: randomUUID(),
          topic,
          key: `subject-${i % keys}`,
          payload: String(first + i),
          headers: { 'hub-correlation-id': `c-${first + i}` },
        })),
      );
    });
  }

  async outboxSize(): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM outbox');
    return row?.n ?? 0;
  }

  /** How many partition locks each relay connection holds, largest first. */
  async partitionsHeld(): Promise<number[]> {
    const rows = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND classid = 727002 AND objsubid = 2
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        GROUP BY pid ORDER BY n DESC`,
    );
    return rows.map((row) => row.n);
  }

  /** Reads `topic` from the start until `count` records arrived. */
  async readAll(topic: string, count: number): Promise<ReadRecord[]> {
    const consumer = this.kafka.consumer({ groupId: `relay-test-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen: ReadRecord[] = [];
    await consumer.run({
      eachMessage: ({ message }) => {
        seen.push({ key: String(message.key), value: String(message.value) });
        return Promise.resolve();
      },
    });
    await waitUntil(`${count} records on ${topic}`, () => seen.length >= count, 60_000);
    await consumer.disconnect();
    return seen;
  }

  async close(): Promise<void> {
    await Promise.all(this.producers.map((producer) => producer.disconnect()));
    await this.dataSource?.destroy();
    await this.database?.drop();
  }
}

/** The values of each key's records, in the order they arrived. */
export function valuesByKey(records: readonly ReadRecord[]): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  for (const record of records) byKey.set(record.key, [...(byKey.get(record.key) ?? []), Number(record.value)]);
  return byKey;
}

/** Whether every key's values arrived in ascending (commit) order. */
export function inOrderPerKey(records: readonly ReadRecord[]): boolean {
  return [...valuesByKey(records).values()].every((values) => values.every((value, i) => i === 0 || value > (values[i - 1] ?? -1)));
}
