import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_DATABASE_SERVER_URL } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { enqueueWebhookDeliveries, type EnqueuedDelivery } from './enqueue/enqueue-webhook-deliveries.js';
import type { WebhookDeliveryRequest } from './enqueue/webhook-delivery-request.js';
import { createDeliveryTestDatabase, type DeliveryTestDatabase } from './testing/delivery-test-database.js';

const request = (subscriptionId: string, eventId: string = randomUUID()): WebhookDeliveryRequest => ({
  subscriptionId,
  agencyId: 'psb',
  endpoint: 'https://psb.example.gov.cn/hub/webhook',
  eventId,
  eventType: 'work-permit.issued',
  subjectId: `subject-${eventId.slice(0, 4)}`,
  payload: { eventId },
});

async function sequencesOf(dataSource: DataSource, subscriptionId: string): Promise<number[]> {
  const rows = await dataSource.query<{ sequence: string }[]>(
    'SELECT sequence::text FROM webhook_deliveries d WHERE d.subscription_id = $1 ORDER BY d.sequence',
    [subscriptionId],
  );
  return rows.map((row) => Number(row.sequence));
}

/** Sequence numbers against the real PostgreSQL: gap-free per subscription under concurrent enqueuers and rollbacks, and no number for a repeat. */
describe('enqueueing webhook deliveries', () => {
  let db: DeliveryTestDatabase;
  beforeAll(async () => {
    db = await createDeliveryTestDatabase(TEST_DATABASE_SERVER_URL);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('numbers each subscription 1, 2, 3 … without gaps while several processes enqueue at once and some roll back', async () => {
    const [x, y] = [`sub-x-${randomUUID()}`, `sub-y-${randomUUID()}`];
    const processes = [db.dataSource, await db.connect(4), await db.connect(4)];
    const committed: EnqueuedDelivery[] = [];
    const enqueuer = async (dataSource: DataSource, id: number): Promise<void> => {
      for (let i = 0; i < 15; i += 1) {
        const batch = i % 2 === 0 ? [request(x), request(y), request(x), request(y)] : [request(y), request(x), request(y), request(x)];
        const rollBack = (id + i) % 3 === 0;
        await dataSource
          .transaction(async (manager) => {
            const enqueued = await enqueueWebhookDeliveries(manager, batch);
            if (rollBack) throw new Error('roll back');
            committed.push(...enqueued);
          })
          .catch((error: Error) => {
            if (error.message !== 'roll back') throw error;
          });
      }
    };
    await Promise.all(processes.flatMap((dataSource, p) => [enqueuer(dataSource, p * 2), enqueuer(dataSource, p * 2 + 1)]));

    for (const subscriptionId of [x, y]) {
      const mine = committed.filter((e) => e.subscriptionId === subscriptionId);
      const stored = await sequencesOf(db.dataSource, subscriptionId);
      expect(stored).toEqual(Array.from({ length: mine.length }, (_, i) => i + 1));
      expect(mine.map((e) => e.sequence).sort((a, b) => a - b)).toEqual(stored);
      expect(mine.every((e) => !e.duplicate)).toBe(true);
    }
    expect(committed.length).toBeGreaterThan(0);
  });

  it('returns the first delivery of a repeated (subscription, event) without using a number, within and across batches', async () => {
    const subscriptionId = `sub-${randomUUID()}`;
    const eventId = randomUUID();
    const [first] = await enqueueWebhookDeliveries(db.dataSource.manager, [request(subscriptionId, eventId)]);
    const again = await enqueueWebhookDeliveries(db.dataSource.manager, [
      request(subscriptionId),
      request(subscriptionId, eventId.toUpperCase()),
      request(`${subscriptionId}-other`, eventId),
    ]);
    const twiceInOneBatch = randomUUID();
    const inBatch = await enqueueWebhookDeliveries(db.dataSource.manager, [
      request(subscriptionId, twiceInOneBatch),
      request(subscriptionId, twiceInOneBatch),
    ]);

    expect(first).toMatchObject({ sequence: 1, duplicate: false });
    expect(again.map((e) => [e.sequence, e.duplicate])).toEqual([
      [2, false],
      [1, true],
      [1, false],
    ]);
    expect(again[1]?.deliveryId).toBe(first?.deliveryId);
    expect(inBatch.map((e) => [e.sequence, e.duplicate])).toEqual([
      [3, false],
      [3, true],
    ]);
    expect(inBatch[0]?.deliveryId).toBe(inBatch[1]?.deliveryId);
    expect(await sequencesOf(db.dataSource, subscriptionId)).toEqual([1, 2, 3]);
  });

  it('enqueues inside the caller transaction: a rollback takes the deliveries and their numbers back', async () => {
    const subscriptionId = `sub-${randomUUID()}`;
    await db.dataSource
      .transaction(async (manager) => {
        await enqueueWebhookDeliveries(manager, [request(subscriptionId), request(subscriptionId)]);
        throw new Error('the publish failed');
      })
      .catch(() => undefined);
    expect(await sequencesOf(db.dataSource, subscriptionId)).toEqual([]);
    const [next] = await enqueueWebhookDeliveries(db.dataSource.manager, [request(subscriptionId)]);
    expect(next?.sequence).toBe(1);
  });
});
