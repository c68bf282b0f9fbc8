import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_DATABASE_SERVER_URL, waitUntil } from '@hub/testing';
import { DEAD_LETTER_REASONS } from './retry/retry-policy.js';
import { DeliveryFixture, RECEIVING_AGENCY } from './testing/delivery-fixture.js';
import { WebhookDeliveries } from './webhook-deliveries.js';

const events = (subject: string, count: number) => Array.from({ length: count }, (_, i) => ({ subject, n: i + 1 }));
const ADMIN = 'admin:ops-1';

/** A database of its own for the describe block that calls this (so `all` means its dead letters), workers stopped after each test. */
function freshFixture(): { readonly fixture: DeliveryFixture } {
  let fixture: DeliveryFixture | undefined;
  beforeAll(async () => {
    fixture = await DeliveryFixture.create(TEST_DATABASE_SERVER_URL);
  });
  afterEach(async () => {
    await fixture?.stopWorkers();
  });
  afterAll(async () => {
    await fixture?.close();
  });
  return {
    get fixture(): DeliveryFixture {
      if (!fixture) throw new Error('the fixture is made in beforeAll: use it inside a test');
      return fixture;
    },
  };
}

/** Listing, inspecting, redriving and discarding dead letters against the real PostgreSQL and a real receiver. */
describe('dead letters', () => {
  const suite = freshFixture();

  it('lists dead letters by subscription, agency, event type, reason and time, page by page, and inspects one with every attempt', async () => {
    const { fixture } = suite;
    const { url } = await fixture.subscriber({ script: () => ({ status: 422, body: 'refused' }) });
    const [first, second] = [`sub-${randomUUID()}`, `sub-${randomUUID()}`];
    const before = new Date(Date.now() - 1_000);
    await fixture.startWorker({ retry: { baseDelayMs: 20, maxDelayMs: 40, maxAttempts: 2 } });
    const refused = await fixture.enqueue(first, url, events('a', 3));
    const [lost] = await fixture.enqueue(first, await fixture.unreachableUrl(), [{ subject: 'b', n: 2 }]);
    await fixture.deliveries().enqueue(
      events('c', 2).map(({ subject, n }) => ({
        subscriptionId: second,
        agencyId: 'mfa',
        endpoint: url,
        eventId: randomUUID(),
        eventType: 'visa.issued',
        subjectId: subject,
        payload: { subject, n },
      })),
    );
    for (const id of [first, second]) expect(await waitUntil(`${id} settled`, () => fixture.settled(id), 60_000)).toHaveProperty('dead');
    const after = new Date(Date.now() + 1_000);

    const deliveries = fixture.deliveries();
    const ids = async (filter: Parameters<WebhookDeliveries['listDeadLetters']>[0]) =>
      (await deliveries.listDeadLetters(filter)).items.map((d) => d.deliveryId).sort();
    const allFirst = [...refused, lost].map((d) => d?.deliveryId).sort();
    expect(await ids({ subscriptionId: first })).toEqual(allFirst);
    expect((await ids({ agencyId: 'mfa' })).length).toBe(2);
    expect(await ids({ subscriptionId: first, eventType: 'work-permit.issued' })).toEqual(
      [refused[1], lost].map((d) => d?.deliveryId).sort(),
    );
    expect(await ids({ subscriptionId: first, reason: DEAD_LETTER_REASONS.attemptsExhausted })).toEqual([lost?.deliveryId]);
    expect(await ids({ subscriptionId: first, reason: DEAD_LETTER_REASONS.rejected })).toEqual(refused.map((d) => d.deliveryId).sort());
    expect(await ids({ subscriptionId: first, from: before, to: after })).toEqual(allFirst);
    expect(await ids({ subscriptionId: first, from: after })).toEqual([]);
    expect(await ids({ subscriptionId: first, to: before.toISOString() })).toEqual([]);

    const pages: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await deliveries.listDeadLetters({ subscriptionId: first }, { limit: 3, cursor });
      pages.push(...page.items.map((d) => d.deliveryId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.sort()).toEqual(allFirst);
    await expect(deliveries.listDeadLetters({}, { cursor: 'bm90IGEgY3Vyc29y' })).rejects.toMatchObject({
      code: 'DELIVERY_REQUEST_INVALID',
    });
    await expect(deliveries.listDeadLetters({}, { limit: 0 })).rejects.toMatchObject({ code: 'DELIVERY_REQUEST_INVALID' });

    const inspected = await deliveries.inspect(lost?.deliveryId ?? '');
    expect(inspected).toMatchObject({
      status: 'dead',
      deadReason: DEAD_LETTER_REASONS.attemptsExhausted,
      agencyId: RECEIVING_AGENCY,
      subjectId: 'b',
    });
    expect(inspected?.payload).toBe('{"subject":"b","n":2}');
    expect(inspected?.attemptHistory.map((a) => [a.round, a.attempt, a.outcome, a.errorCode])).toEqual([
      [1, 1, 'retriable', 'ECONNREFUSED'],
      [1, 2, 'retriable', 'ECONNREFUSED'],
    ]);
    expect(await deliveries.inspect(randomUUID())).toBeUndefined();
    expect(await deliveries.inspect('not-an-id')).toBeUndefined();
  });

  it('redrives one, by filter and all, with counts; attempts start over, id and sequence are kept, and each subject goes out in order', async () => {
    const { fixture } = suite;
    let mode: 'reject' | 'fail' | 'accept' = 'reject';
    const { subscriber, url } = await fixture.subscriber({
      script: () => (mode === 'reject' ? { status: 409 } : mode === 'fail' ? { status: 500 } : undefined),
    });
    const subscriptionId = `sub-${randomUUID()}`;
    await fixture.startWorker({ retry: { baseDelayMs: 20, maxDelayMs: 100, maxAttempts: 1_000, maxAgeMs: 600_000 } });
    const rEvents = await fixture.enqueue(subscriptionId, url, [...events('r', 3), { subject: 's', n: 1 }]);
    await waitUntil('all dead', () => fixture.settled(subscriptionId), 60_000);
    const deliveries = fixture.deliveries();

    // From now on r's events fail (5xx) until released. r4, enqueued now, is due at once (dead
    // letters hold nothing back) and fails; once r1–r3 are redriven it must wait behind them.
    mode = 'fail';
    const [r4] = await fixture.enqueue(subscriptionId, url, [{ subject: 'r', n: 4 }]);
    const requestsOf = (n: number) => subscriber.requests.filter((r) => r.payload.subject === 'r' && r.payload.n === n);
    await waitUntil('r4 attempted', () => requestsOf(4).length >= 1, 30_000);
    const s1 = rEvents[3]?.deliveryId ?? '';
    expect(await deliveries.redrive({ deliveryId: s1 }, ADMIN)).toEqual({ redriven: 1, remaining: 0 });
    expect(await deliveries.redrive({ filter: { subscriptionId, reason: DEAD_LETTER_REASONS.rejected } }, ADMIN)).toEqual({
      redriven: 3,
      remaining: 0,
    });
    await waitUntil('r1 retried after the redrive', () => requestsOf(1).length >= 4, 30_000);

    mode = 'accept';
    await waitUntil('all delivered', () => fixture.settled(subscriptionId), 60_000);
    expect(subscriber.processedSequences('r')).toEqual([...rEvents.slice(0, 3), r4].map((e) => e?.sequence));
    // From r1's first attempt after the redrive on, r's requests never go back in sequence.
    const rRequests = subscriber.requests.filter((r) => r.payload.subject === 'r');
    const redriven = rRequests.findIndex((r, i) => i > 0 && r.payload.n === 1);
    const afterRedrive = rRequests.slice(redriven).map((r) => r.sequence);
    expect(afterRedrive).toEqual([...afterRedrive].sort((a, b) => a - b));
    expect(afterRedrive.filter((sequence) => sequence === r4?.sequence)).toHaveLength(1);

    const r1 = await deliveries.inspect(rEvents[0]?.deliveryId ?? '');
    expect(r1).toMatchObject({ status: 'delivered', round: 2, sequence: rEvents[0]?.sequence, deadReason: null });
    expect(r1?.attemptHistory[0]).toMatchObject({ round: 1, attempt: 1, outcome: 'rejected', statusCode: 409 });
    expect(r1?.attemptHistory.filter((a) => a.round === 2).map((a) => a.attempt)).toEqual(
      Array.from({ length: r1?.attempts ?? 0 }, (_, i) => i + 1),
    );
    expect(new Set(subscriber.requests.filter((r) => r.payload.subject === 'r' && r.payload.n === 1).map((r) => r.idempotencyKey))).toEqual(
      new Set([rEvents[0]?.deliveryId]),
    );
    const audited = await fixture.dataSource.query<{ actor: string; reason: string }[]>(
      `SELECT actor, reason FROM delivery_audit_test WHERE action = 'delivery.redriven' AND delivery_id = ANY($1::uuid[])`,
      [rEvents.map((e) => e.deliveryId)],
    );
    expect(audited).toEqual(Array(4).fill({ actor: ADMIN, reason: DEAD_LETTER_REASONS.rejected }));

    await expect(deliveries.redrive({ deliveryId: s1 }, ADMIN)).rejects.toMatchObject({ code: 'DELIVERY_NOT_DEAD_LETTER' });
    await expect(deliveries.redrive({ deliveryId: randomUUID() }, ADMIN)).rejects.toMatchObject({ code: 'DELIVERY_NOT_FOUND' });
    await expect(deliveries.redrive({ all: true }, 'ops')).rejects.toMatchObject({ code: 'DELIVERY_REQUEST_INVALID' });

    await fixture.stopWorkers();
    const [{ dead }] = await fixture.dataSource.query<[{ dead: number }]>(
      `SELECT count(*)::int AS dead FROM webhook_deliveries WHERE status = 'dead'`,
    );
    expect(dead).toBeGreaterThan(0);
    expect(await deliveries.redrive({ all: true }, ADMIN)).toEqual({ redriven: dead, remaining: 0 });
    expect((await deliveries.listDeadLetters()).items).toEqual([]);
    expect(await deliveries.redrive({ all: true }, ADMIN)).toEqual({ redriven: 0, remaining: 0 });
  });

  it('discards with a recorded reason inside the audit transaction, and changes nothing when the audit fails', async () => {
    const { fixture } = suite;
    const { subscriber, url } = await fixture.subscriber({ script: () => ({ status: 404 }) });
    const subscriptionId = `sub-${randomUUID()}`;
    await fixture.startWorker();
    const [kept, given] = await fixture.enqueue(subscriptionId, url, [...events('u', 1), ...events('v', 1)]);
    await waitUntil('dead', () => fixture.settled(subscriptionId), 60_000);
    await fixture.stopWorkers();

    const failingAudit = new WebhookDeliveries(fixture.dataSource, {
      audit: { record: () => Promise.reject(new Error('audit trail unavailable')) },
    });
    await expect(failingAudit.discard({ filter: { subscriptionId } }, 'endpoint retired', ADMIN)).rejects.toThrow(
      'audit trail unavailable',
    );
    await expect(failingAudit.redrive({ filter: { subscriptionId } }, ADMIN)).rejects.toThrow('audit trail unavailable');
    expect(await fixture.statuses(subscriptionId)).toEqual({ dead: 2 });

    const deliveries = fixture.deliveries();
    await expect(deliveries.discard({ deliveryId: given?.deliveryId ?? '' }, '  ', ADMIN)).rejects.toMatchObject({
      code: 'DISCARD_REASON_INVALID',
    });
    expect(
      await deliveries.discard({ deliveryId: given?.deliveryId ?? '' }, 'the agency confirmed it holds this permit already', ADMIN),
    ).toEqual({
      discarded: 1,
      remaining: 0,
    });
    expect(await deliveries.inspect(given?.deliveryId ?? '')).toMatchObject({
      status: 'discarded',
      discardReason: 'the agency confirmed it holds this permit already',
      discardedBy: ADMIN,
      deadReason: DEAD_LETTER_REASONS.rejected,
    });
    expect((await deliveries.listDeadLetters({ subscriptionId })).items.map((d) => d.deliveryId)).toEqual([kept?.deliveryId]);
    await expect(deliveries.redrive({ deliveryId: given?.deliveryId ?? '' }, ADMIN)).rejects.toMatchObject({
      code: 'DELIVERY_NOT_DEAD_LETTER',
    });
    const request = subscriber.requests.find((r) => r.deliveryId === given?.deliveryId);
    if (!request) throw new Error('the discarded delivery was never attempted');
    await expect(deliveries.acknowledge(request.deliveryId, subscriber.receiptFor(request))).rejects.toMatchObject({
      code: 'DELIVERY_DISCARDED',
    });

    expect(await deliveries.discard({ filter: { subscriptionId } }, 'endpoint retired', ADMIN)).toEqual({ discarded: 1, remaining: 0 });
    const audited = await fixture.dataSource.query<{ delivery_id: string; reason: string }[]>(
      `SELECT delivery_id::text, reason FROM delivery_audit_test WHERE action = 'delivery.discarded' AND delivery_id = ANY($1::uuid[]) ORDER BY seq`,
      [[kept?.deliveryId, given?.deliveryId]],
    );
    expect(audited).toEqual([
      { delivery_id: given?.deliveryId, reason: 'the agency confirmed it holds this permit already' },
      { delivery_id: kept?.deliveryId, reason: 'endpoint retired' },
    ]);
  });
});

/** Bulk actions bounded by `limit`, called again and again as the CLI does. */
describe('dead letters acted on in chunks', () => {
  const suite = freshFixture();

  it('redrives all in chunks, lowest sequences of each subscription first, so each subject keeps its order; each chunk audited in its transaction', async () => {
    const { fixture } = suite;
    let accept = false;
    const { subscriber, url } = await fixture.subscriber({ script: () => (accept ? undefined : { status: 409 }) });
    // Bulk actions take subscriptions in id order: a- before b-.
    const [first, second] = [`a-${randomUUID()}`, `b-${randomUUID()}`];
    await fixture.startWorker();
    const inFirst = await fixture.enqueue(
      first,
      url,
      [1, 2, 3].flatMap((n) => [
        { subject: 'x', n },
        { subject: 'y', n },
      ]),
    );
    const inSecond = await fixture.enqueue(second, url, events('z', 2));
    for (const id of [first, second]) await waitUntil(`${id} dead`, () => fixture.settled(id), 60_000);
    const settled = async () => (await fixture.settled(first)) && fixture.settled(second);

    // x1 dies again after a redrive of its own: the newest dead letter, yet first in its subject's order.
    const deliveries = fixture.deliveries();
    const [x1, y1, x2, y2, x3, y3] = inFirst.map((d) => d.deliveryId);
    const [z1, z2] = inSecond.map((d) => d.deliveryId);
    expect(await deliveries.redrive({ deliveryId: x1 ?? '' }, ADMIN)).toEqual({ redriven: 1, remaining: 0 });
    await waitUntil('x1 dead again', async () => (await deliveries.inspect(x1 ?? ''))?.round === 2 && settled(), 30_000);
    expect((await deliveries.listDeadLetters()).items[0]?.deliveryId).toBe(x1);

    accept = true;
    const answers: { redriven: number; remaining: number }[] = [];
    do {
      answers.push(await deliveries.redrive({ all: true, limit: 3 }, ADMIN));
      await waitUntil('the chunk delivered', settled, 30_000);
    } while ((answers.at(-1)?.remaining ?? 0) > 0 && answers.length < 5);
    expect(answers).toEqual([
      { redriven: 3, remaining: 5 },
      { redriven: 3, remaining: 2 },
      { redriven: 2, remaining: 0 },
    ]);
    const sequences = (deliveryIds: (string | undefined)[]) =>
      deliveryIds.map((id) => [...inFirst, ...inSecond].find((d) => d.deliveryId === id)?.sequence);
    for (const [subject, ids] of [
      ['x', [x1, x2, x3]],
      ['y', [y1, y2, y3]],
      ['z', [z1, z2]],
    ] as const) {
      expect(subscriber.processedSequences(subject)).toEqual(sequences([...ids]));
    }
    expect(await fixture.statuses(first)).toEqual({ delivered: 6 });
    expect((await deliveries.inspect(x1 ?? ''))?.round).toBe(3);

    const chunks = await fixture.dataSource.query<{ deliveries: string[] }[]>(
      `SELECT array_agg(delivery_id::text ORDER BY delivery_id) AS deliveries FROM delivery_audit_test
        WHERE action = 'delivery.redriven' AND actor = $1 GROUP BY txid ORDER BY min(seq)`,
      [ADMIN],
    );
    expect(chunks.map((chunk) => chunk.deliveries)).toEqual(
      [[x1], [x1, y1, x2], [y2, x3, y3], [z1, z2]].map((chunk) => chunk.map(String).sort()),
    );
  });

  it('discards and redrives at most limit of a filter, lowest sequences first, answering how many remain; a bad limit changes nothing', async () => {
    const { fixture } = suite;
    const { url } = await fixture.subscriber({ script: () => ({ status: 410 }) });
    const subscriptionId = `c-${randomUUID()}`;
    await fixture.startWorker();
    await fixture.enqueue(subscriptionId, url, events('w', 5));
    await waitUntil('dead', () => fixture.settled(subscriptionId), 60_000);
    await fixture.stopWorkers();
    const deliveries = fixture.deliveries();
    const filter = { subscriptionId };

    for (const limit of [0, 1001, 2.5, Number.NaN]) {
      await expect(deliveries.redrive({ filter, limit }, ADMIN)).rejects.toMatchObject({
        code: 'DELIVERY_REQUEST_INVALID',
        message: 'limit must be a whole number from 1 to 1000',
      });
      await expect(deliveries.discard({ all: true, limit }, 'superseded', ADMIN)).rejects.toMatchObject({
        code: 'DELIVERY_REQUEST_INVALID',
      });
    }
    expect(await fixture.statuses(subscriptionId)).toEqual({ dead: 5 });

    const bySequence = async () =>
      (
        await fixture.dataSource.query<{ status: string }[]>(
          'SELECT status FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY sequence',
          [subscriptionId],
        )
      ).map((row) => row.status);
    expect(await deliveries.discard({ filter, limit: 2 }, 'superseded', ADMIN)).toEqual({ discarded: 2, remaining: 3 });
    expect(await deliveries.redrive({ filter, limit: 1 }, ADMIN)).toEqual({ redriven: 1, remaining: 2 });
    expect(await bySequence()).toEqual(['discarded', 'discarded', 'pending', 'dead', 'dead']);
    expect(await deliveries.discard({ filter, limit: 1_000 }, 'superseded', ADMIN)).toEqual({ discarded: 2, remaining: 0 });
    expect(await bySequence()).toEqual(['discarded', 'discarded', 'pending', 'discarded', 'discarded']);
    const audited = await fixture.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM delivery_audit_test a JOIN webhook_deliveries d ON d.id = a.delivery_id
        WHERE d.subscription_id = $1 AND a.action = 'delivery.discarded' AND a.reason = 'superseded'`,
      [subscriptionId],
    );
    expect(audited).toEqual([{ n: 4 }]);
  });
});
