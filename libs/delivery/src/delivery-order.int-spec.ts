import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_DATABASE_SERVER_URL, waitUntil } from '@hub/testing';
import { DEAD_LETTER_REASONS } from './retry/retry-policy.js';
import { DeliveryFixture } from './testing/delivery-fixture.js';
import type { VerifiedRequest } from './testing/test-subscriber.js';

const events = (subject: string, count: number) => Array.from({ length: count }, (_, i) => ({ subject, n: i + 1 }));

/**
 * Per-subject order with two workers (two connection pools, as two hub processes) claiming side by
 * side: a failing subject holds back only its own later deliveries, a poison delivery is
 * dead-lettered and its subject flows on, and every event is taken in once.
 */
describe('webhook delivery order', () => {
  let fixture: DeliveryFixture;
  beforeAll(async () => {
    fixture = await DeliveryFixture.create(TEST_DATABASE_SERVER_URL);
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it('keeps each subject in sequence order while one subject fails and another has a poison delivery, and the rest flows', async () => {
    let stuck = true;
    let flakyFailures = 0;
    const { subscriber, url } = await fixture.subscriber({
      script: (request) => {
        const { subject, n } = request.payload;
        // p: its first event fails (5xx) until released, then is refused for good (4xx).
        if (subject === 'p' && n === 1) return stuck ? { status: 500 } : { status: 410 };
        // q: its second event is poison, refused at once.
        if (subject === 'q' && n === 2) return { status: 400, body: { error: 'unknown permit class' } };
        // a: its third event fails twice, then goes through.
        if (subject === 'a' && n === 3 && flakyFailures < 2) {
          flakyFailures += 1;
          return { status: 503 };
        }
        return undefined;
      },
    });
    const subscriptionId = `sub-${randomUUID()}`;
    const settings = { concurrency: 3, retry: { baseDelayMs: 20, factor: 2, maxDelayMs: 150, maxAttempts: 1_000, maxAgeMs: 600_000 } };
    const workers = [await fixture.startWorker(settings), await fixture.startWorker(settings, {}, await fixture.db.connect(4))];
    const enqueued = await fixture.enqueue(subscriptionId, url, [
      ...events('p', 5),
      ...events('a', 8),
      ...events('b', 8),
      ...events('q', 4),
      ...events('c', 8),
    ]);
    const sequenceOf = new Map(enqueued.map((e) => [e.deliveryId, e.sequence]));

    const processed = (subject: string) => subscriber.processedSequences(subject).length;
    await waitUntil(
      'a, b, c and q flowed while p is stuck',
      () => processed('a') === 8 && processed('b') === 8 && processed('c') === 8 && processed('q') === 3,
      90_000,
    );
    expect(processed('p')).toBe(0);
    const stuckRecord = await fixture.deliveries().inspect(enqueued[0]?.deliveryId ?? '');
    expect(stuckRecord).toMatchObject({ status: 'pending' });
    expect(stuckRecord?.attemptHistory.length).toBeGreaterThanOrEqual(1);

    stuck = false;
    expect(await waitUntil('all settled', () => fixture.settled(subscriptionId), 90_000)).toEqual({ delivered: 31, dead: 2 });
    await Promise.all(workers.map((worker) => worker.stop()));

    // Within each subject, no request (attempts included) ever went out ahead of an earlier sequence number.
    const requestsOf = (subject: string): VerifiedRequest[] => subscriber.requests.filter((r) => r.payload.subject === subject);
    for (const subject of ['p', 'a', 'b', 'q', 'c']) {
      const sequences = requestsOf(subject).map((r) => r.sequence);
      expect(sequences).toEqual([...sequences].sort((x, y) => x - y));
    }
    expect(subscriber.processedSequences('p')).toEqual(enqueued.slice(1, 5).map((e) => e.sequence));
    expect(subscriber.processedSequences('q')).toEqual([enqueued[21], enqueued[23], enqueued[24]].map((e) => e?.sequence));
    expect(
      requestsOf('a')
        .filter((r) => r.payload.n === 3)
        .map((r) => r.attempt),
    ).toEqual([1, 2, 3]);

    // Once in effect: every delivered event was taken in exactly once, and nothing was sent twice.
    expect(subscriber.repeats).toEqual([]);
    expect(subscriber.processed.size).toBe(31);
    expect([...subscriber.processed.values()].every((r) => sequenceOf.get(r.deliveryId) === r.sequence)).toBe(true);

    const dead = await fixture.deliveries().listDeadLetters({ subscriptionId });
    // Newest first: p's first event died last, when it was released.
    expect(dead.items.map((d) => [d.sequence, d.deadReason, d.lastStatusCode])).toEqual([
      [enqueued[0]?.sequence, DEAD_LETTER_REASONS.rejected, 410],
      [enqueued[22]?.sequence, DEAD_LETTER_REASONS.rejected, 400],
    ]);

    // Both workers took part.
    const claimers = await fixture.dataSource.query<{ worker: string }[]>(
      'SELECT DISTINCT a.worker FROM webhook_delivery_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.subscription_id = $1',
      [subscriptionId],
    );
    expect(claimers).toHaveLength(2);
  });
});
