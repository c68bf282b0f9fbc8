import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitUntil } from '@hub/testing';
import { OutboxRelay } from './outbox-relay.js';
import { inOrderPerKey, RelayFixture } from '../testing/relay-fixture.js';

const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** The relay against the real PostgreSQL and Kafka: partitions by subject, order per key, no loss on failure. */
describe('OutboxRelay', () => {
  let fixture: RelayFixture;

  beforeAll(async () => {
    fixture = await RelayFixture.create('relay-test');
  });
  afterAll(() => fixture?.close());

  it("gives all of a subject's records one partition, of the count the database holds", async () => {
    const topic = `relay-test-unsent-${randomUUID()}`;
    await fixture.enqueue(topic, 200, 50);
    const rows = await fixture.dataSource.query<{ key: string; partitions: number[] }[]>(
      'SELECT message_key AS key, array_agg(DISTINCT relay_partition) AS partitions FROM outbox WHERE topic = $1 GROUP BY message_key',
      [topic],
    );
    await fixture.dataSource.query('DELETE FROM outbox WHERE topic = $1', [topic]);

    expect(rows).toHaveLength(50);
    expect(rows.every((row) => row.partitions.length === 1)).toBe(true);
    const used = new Set(rows.map((row) => row.partitions[0]));
    expect([...used].every((partition) => partition !== undefined && partition >= 0 && partition < 16)).toBe(true);
    expect(used.size).toBeGreaterThan(8);
  });

  it('publishes every record once, each key in commit order, across many batches, and empties the outbox', async () => {
    const topic = await fixture.newTopic();
    const relay = new OutboxRelay(await fixture.producer(), fixture.settings(7), silent);
    await relay.start();
    await fixture.enqueue(topic, 100, 5);
    const records = await fixture.readAll(topic, 100);
    await waitUntil('the outbox emptied', async () => (await fixture.outboxSize()) === 0);
    await relay.stop();

    expect(records).toHaveLength(100);
    expect(inOrderPerKey(records)).toBe(true);
    expect(await fixture.partitionsHeld()).toEqual([]);
  });

  it('keeps the records and counts the attempt when Kafka refuses them, then sends them once it accepts', async () => {
    const missing = `relay-test-missing-${randomUUID()}`;
    const failing = new OutboxRelay(await fixture.producer(), fixture.settings(10), silent);
    await fixture.enqueue(missing, 3, 1);
    await failing.start();
    await waitUntil(
      'a failed attempt recorded',
      async () => {
        const [row] = await fixture.dataSource.query<{ attempts: number; last_error: string | null }[]>(
          'SELECT min(attempts) AS attempts, max(last_error) AS last_error FROM outbox',
        );
        return (row?.attempts ?? 0) >= 1 && row?.last_error ? row : undefined;
      },
      60_000,
    );
    expect(await fixture.outboxSize()).toBe(3);

    await fixture.newTopic(missing, 1);
    const records = await fixture.readAll(missing, 3);
    await failing.stop();
    expect(records.map((r) => r.value)).toEqual(['0', '1', '2']);
  });
});
