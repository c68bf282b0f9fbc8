import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDataSource, createTestDatabase, runMigrationsExclusively } from '@hub/persistence';
import { TEST_DATABASE_SERVER_URL, waitUntil, testKafkaClient } from '@hub/testing';
import { Partitioners, type Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { CreateOutbox1764140000000 } from '../migrations/1764140000000-create-outbox.js';
import { appendToOutbox } from './append-to-outbox.js';
import { OutboxRelay } from './outbox-relay.js';

const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** The relay against the real PostgreSQL and Kafka: order per key, no loss on failure, one relay at a time. */
describe('OutboxRelay', () => {
  const kafka = testKafkaClient('relay-test');
  let database: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;
  let producer: Producer;

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'relay');
    dataSource = await createDataSource({
      url: database.url,
      applicationName: 'relay-test',
      entities: [],
      migrations: [CreateOutbox1764140000000],
    }).initialize();
    await runMigrationsExclusively(dataSource);
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await dataSource?.destroy();
    await database?.drop();
  });

  async function newTopic(): Promise<string> {
    const topic = `relay-test-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    return topic;
  }

  async function readAll(topic: string, count: number): Promise<{ key: string; value: string }[]> {
    const consumer = kafka.consumer({ groupId: `relay-test-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen: { key: string; value: string }[] = [];
    await consumer.run({
      eachMessage: ({ message }) => {
        seen.push({ key: String(message.key), value: String(message.value) });
        return Promise.resolve();
      },
    });
    await waitUntil(`${count} records on ${topic}`, () => seen.length >= count, 30_000);
    await consumer.disconnect();
    return seen;
  }

  async function enqueue(topic: string, count: number, keys: number): Promise<void> {
    await dataSource.transaction(async (manager) => {
      await appendToOutbox(
        manager,
        Array.from({ length: count }, (_, i) => ({
          eventId: randomUUID(),
          topic,
          key: `subject-${i % keys}`,
          payload: String(i),
          headers: { 'hub-correlation-id': `c-${i}` },
        })),
      );
    });
  }

  const settings = (batchSize: number) => ({ databaseUrl: database.url, batchSize, pollIntervalMs: 200, maxBackoffMs: 500, lingerMs: 2 });

  it('publishes every record once, each key in commit order, across many batches, and empties the outbox', async () => {
    const topic = await newTopic();
    const relay = new OutboxRelay(dataSource, producer, settings(7), silent);
    await relay.start();
    await enqueue(topic, 100, 5);
    const records = await readAll(topic, 100);
    await relay.stop();

    expect(records).toHaveLength(100);
    for (let key = 0; key < 5; key += 1) {
      const values = records.filter((r) => r.key === `subject-${key}`).map((r) => Number(r.value));
      expect(values).toEqual([...values].sort((a, b) => a - b));
    }
    expect(await dataSource.query('SELECT count(*)::int AS n FROM outbox')).toEqual([{ n: 0 }]);
  });

  it('keeps the records and counts the attempt when Kafka refuses them, then sends them once it accepts', async () => {
    const missing = `relay-test-missing-${randomUUID()}`;
    const failing = new OutboxRelay(dataSource, producer, settings(10), silent);
    await enqueue(missing, 3, 1);
    await failing.start();
    await waitUntil(
      'a failed attempt recorded',
      async () => {
        const [row] = await dataSource.query<{ attempts: number; last_error: string | null }[]>(
          'SELECT min(attempts) AS attempts, max(last_error) AS last_error FROM outbox',
        );
        return (row?.attempts ?? 0) >= 1 && row?.last_error ? row : undefined;
      },
      60_000,
    );
    expect(await dataSource.query('SELECT count(*)::int AS n FROM outbox')).toEqual([{ n: 3 }]);

    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: missing, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const records = await readAll(missing, 3);
    await failing.stop();
    expect(records.map((r) => r.value)).toEqual(['0', '1', '2']);
  });

  it('lets one relay publish at a time, so two relays neither duplicate nor reorder', async () => {
    const topic = await newTopic();
    const first = new OutboxRelay(dataSource, producer, settings(5), silent);
    const second = new OutboxRelay(dataSource, producer, settings(5), silent);
    await Promise.all([first.start(), second.start()]);
    await enqueue(topic, 60, 2);
    const records = await readAll(topic, 60);
    await Promise.all([first.stop(), second.stop()]);
    expect(records).toHaveLength(60);
    expect(new Set(records.map((r) => r.value)).size).toBe(60);
    for (const key of ['subject-0', 'subject-1']) {
      const values = records.filter((r) => r.key === key).map((r) => Number(r.value));
      expect(values).toEqual([...values].sort((a, b) => a - b));
    }
  });
});
