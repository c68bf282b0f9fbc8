import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_DATABASE_SERVER_URL, waitUntil } from '@hub/testing';
import type { DeliveryAuditPort } from './delivery-ports.js';
import { DeliveryFixture } from './testing/delivery-fixture.js';

const events = (subjects: number, perSubject: number) =>
  Array.from({ length: subjects * perSubject }, (_, i) => ({ subject: `s${i % subjects}`, n: Math.floor(i / subjects) + 1 }));

/**
 * Outcomes written in batches: attempts that finish together share one transaction (with their
 * audit rows and receipts), a batch that cannot be written is written again one outcome at a time
 * so the others are not lost, and per-subject order holds with 64 requests in flight.
 */
describe('webhook outcomes recorded in batches', () => {
  let fixture: DeliveryFixture;
  beforeAll(async () => {
    fixture = await DeliveryFixture.create(TEST_DATABASE_SERVER_URL);
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it('records outcomes that finish together in one transaction each with its audit row and receipt, keeping per-subject order at concurrency 64', async () => {
    const { subscriber, url } = await fixture.subscriber();
    const subscriptionId = `sub-${randomUUID()}`;
    await fixture.startWorker({ concurrency: 64 });
    const enqueued = await fixture.enqueue(subscriptionId, url, events(100, 3));

    expect(await waitUntil('all delivered', () => fixture.settled(subscriptionId), 60_000)).toEqual({ delivered: 300 });
    await fixture.stopWorkers();

    for (let subject = 0; subject < 100; subject += 1) {
      const sequences = subscriber.requests.filter((r) => r.payload.subject === `s${subject}`).map((r) => r.sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      expect(sequences).toHaveLength(3);
    }
    expect(subscriber.repeats).toEqual([]);

    const ids = enqueued.map((e) => e.deliveryId);
    const [facts] = await fixture.dataSource.query<{ audited: number; transactions: number; receipts: number; acknowledged: number }[]>(
      `SELECT (SELECT count(*)::int FROM delivery_audit_test WHERE action = 'delivery.delivered' AND delivery_id = ANY($1::uuid[])) AS audited,
              (SELECT count(DISTINCT txid)::int FROM delivery_audit_test WHERE delivery_id = ANY($1::uuid[])) AS transactions,
              (SELECT count(*)::int FROM webhook_receipts WHERE delivery_id = ANY($1::uuid[])) AS receipts,
              (SELECT count(*)::int FROM webhook_deliveries WHERE id = ANY($1::uuid[]) AND acknowledged_at IS NOT NULL) AS acknowledged`,
      [ids],
    );
    expect(facts).toMatchObject({ audited: 300, receipts: 300, acknowledged: 300 });
    // Several deliveries per commit: far fewer transactions than deliveries.
    expect(facts?.transactions).toBeLessThan(150);
    const attempts = await fixture.dataSource.query<{ outcome: string; n: number }[]>(
      `SELECT outcome, count(*)::int AS n FROM webhook_delivery_attempts WHERE delivery_id = ANY($1::uuid[]) GROUP BY outcome`,
      [ids],
    );
    expect(attempts).toEqual([{ outcome: 'delivered', n: 300 }]);
  });

  it('writes the rest of a batch when one outcome cannot be written, and that one is attempted again under the same key', async () => {
    // The first writes wait until every first answer has been sent, so the outcomes behind them
    // queue up and are written together: the poison is picked from the first batch of several.
    let answersSent = 0;
    const { subscriber, url } = await fixture.subscriber({
      script: () => ({ status: 200, process: true, onSent: () => (answersSent += 1) }),
    });
    const subscriptionId = `sub-${randomUUID()}`;
    const enqueued = await fixture.enqueue(subscriptionId, url, events(40, 1));
    let poison = '';
    let failuresLeft = 1;
    const batchSizesWithPoison: number[] = [];
    const audit: DeliveryAuditPort = {
      record: async (entries, tx) => {
        await waitUntil('every first answer sent', () => answersSent >= 40, 30_000, 10);
        if (!poison && entries.length > 1) poison = String(entries[1]?.detail.deliveryId);
        if (entries.some((entry) => entry.detail.deliveryId === poison)) {
          batchSizesWithPoison.push(entries.length);
          // The first two writes that carry it fail: the batch, then the poison alone.
          if (failuresLeft >= 0) {
            failuresLeft -= 1;
            throw new Error('audit trail unavailable');
          }
        }
        await fixture.audit.record(entries, tx);
      },
    };
    await fixture.startWorker({ concurrency: 64 }, { audit });

    expect(await waitUntil('all delivered', () => fixture.settled(subscriptionId), 60_000)).toEqual({ delivered: 40 });
    await fixture.stopWorkers();
    // The poison went in a batch with others, then alone, then (after its lease ran out) again.
    expect(batchSizesWithPoison[0]).toBeGreaterThan(1);
    expect(batchSizesWithPoison.slice(1)).toEqual([1, 1]);

    const history = await fixture.dataSource.query<{ id: string; outcomes: string[] }[]>(
      `SELECT d.id::text, array_agg(a.outcome ORDER BY a.attempt) AS outcomes
         FROM webhook_deliveries d JOIN webhook_delivery_attempts a ON a.delivery_id = d.id
        WHERE d.subscription_id = $1 GROUP BY d.id`,
      [subscriptionId],
    );
    for (const { id, outcomes } of history) expect(outcomes).toEqual(id === poison ? ['abandoned', 'delivered'] : ['delivered']);
    // Sent twice, under one Idempotency-Key: the subscriber took it in once.
    expect(subscriber.repeats).toEqual([poison]);
    expect(subscriber.processed.size).toBe(40);
    const audited = await fixture.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM delivery_audit_test WHERE delivery_id = ANY($1::uuid[])`,
      [enqueued.map((e) => e.deliveryId)],
    );
    expect(audited[0]?.n).toBe(40);
  });
});
