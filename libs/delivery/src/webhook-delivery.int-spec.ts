import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { FieldCipher, generateKeyringEntry } from '@hub/identity';
import { TEST_DATABASE_SERVER_URL, waitUntil } from '@hub/testing';
import { DEAD_LETTER_REASONS } from './retry/retry-policy.js';
import { DeliveryFixture, RECEIVING_AGENCY } from './testing/delivery-fixture.js';

const subject = (name: string, count: number, from = 1) => Array.from({ length: count }, (_, i) => ({ subject: name, n: from + i }));

/** The worker against the real PostgreSQL and a real HTTP receiver: signatures, outcomes, retries, receipts. */
describe('webhook delivery', () => {
  let fixture: DeliveryFixture;
  beforeAll(async () => {
    fixture = await DeliveryFixture.create(TEST_DATABASE_SERVER_URL);
  });
  afterEach(async () => {
    await fixture?.stopWorkers();
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it('delivers each event once, signed, numbered 1…n per subscription, with a verified receipt kept as evidence and audited in the same transaction', async () => {
    const { subscriber, url } = await fixture.subscriber();
    const subscriptionId = `sub-${randomUUID()}`;
    const worker = await fixture.startWorker();
    const enqueued = await fixture.enqueue(subscriptionId, url, [...subject('a', 4), ...subject('b', 3), ...subject('c', 3)]);
    expect(enqueued.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

    expect(await waitUntil('all delivered', () => fixture.settled(subscriptionId), 60_000)).toEqual({ delivered: 10 });
    await worker.stop();

    expect(subscriber.refused).toEqual([]);
    expect(subscriber.processed.size).toBe(10);
    expect(subscriber.repeats).toEqual([]);
    const byKey = [...subscriber.processed.values()];
    for (const delivery of enqueued) {
      const request = byKey.find((r) => r.deliveryId === delivery.deliveryId);
      expect(request).toMatchObject({
        idempotencyKey: delivery.deliveryId,
        sequence: delivery.sequence,
        eventId: delivery.eventId,
        subscriptionId,
      });
    }

    const inspected = await fixture.deliveries().inspect(enqueued[0]?.deliveryId ?? '');
    expect(inspected).toMatchObject({ status: 'delivered', attempts: 1, round: 1, receiptProblem: null, lastStatusCode: 200 });
    expect(inspected?.acknowledgedAt).not.toBeNull();
    expect(inspected?.attemptHistory).toEqual([expect.objectContaining({ outcome: 'delivered', statusCode: 200, attempt: 1 })]);
    expect(inspected?.receipt).toMatchObject({ agencyId: RECEIVING_AGENCY, keyId: 'psb-receipts-1', alg: 'ed25519', via: 'response' });
    expect(inspected?.receipt?.receipt.deliveryId).toBe(enqueued[0]?.deliveryId);

    // The audit row's transaction is the one that last wrote the delivery row (xmin is its 32-bit id).
    const audited = await fixture.dataSource.query<{ action: string; same_transaction: boolean }[]>(
      `SELECT a.action, (a.txid % 4294967296)::text = d.xmin::text AS same_transaction
         FROM delivery_audit_test a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.subscription_id = $1`,
      [subscriptionId],
    );
    expect(audited).toHaveLength(10);
    expect(audited.every((row) => row.action === 'delivery.delivered' && row.same_transaction)).toBe(true);
  });

  it('retries 5xx, 429 and time-outs with bounded backoff, honours Retry-After within its cap, and the receiver applies the event once', async () => {
    const failures = new Map<number, 'retry-after' | 'error' | 'slow'>([
      [1, 'retry-after'],
      [2, 'error'],
      [3, 'slow'],
    ]);
    const { subscriber, url } = await fixture.subscriber({
      script: (request) => {
        switch (failures.get(request.attempt)) {
          case 'retry-after':
            return { status: 429, headers: { 'retry-after': '30' } };
          case 'error':
            return { status: 503, body: 'upstream down' };
          case 'slow':
            // Takes the event in, but answers after the hub has given up: the hub must send it again.
            return { status: 200, delayMs: 3_000, process: true };
          case undefined:
            return undefined;
        }
      },
    });
    const subscriptionId = `sub-${randomUUID()}`;
    await fixture.startWorker();
    const [delivery] = await fixture.enqueue(subscriptionId, url, subject('d', 1));
    await waitUntil('delivered after retries', () => fixture.settled(subscriptionId), 60_000);

    const inspected = await fixture.deliveries().inspect(delivery?.deliveryId ?? '');
    const history = inspected?.attemptHistory ?? [];
    expect(history.map((a) => [a.attempt, a.outcome, a.statusCode, a.errorCode])).toEqual([
      [1, 'retriable', 429, null],
      [2, 'retriable', 503, null],
      [3, 'retriable', null, 'TIMEOUT'],
      [4, 'delivered', 200, null],
    ]);
    expect(history[0]?.retryAfterMs).toBe(30_000);
    expect(history[1]?.responseExcerpt).toBe('upstream down');
    // Retry-After 30 s is capped at maxDelayMs (200 ms): the next attempt waits at least that, not 30 s.
    const gap = Date.parse(history[1]?.startedAt ?? '') - Date.parse(history[0]?.finishedAt ?? '');
    expect(gap).toBeGreaterThanOrEqual(195);
    expect(gap).toBeLessThan(25_000);
    expect(subscriber.processed.size).toBe(1);
    expect(subscriber.repeats).toEqual([delivery?.deliveryId]);
    expect(new Set(subscriber.requests.map((r) => r.idempotencyKey))).toEqual(new Set([delivery?.deliveryId]));
  });

  it('dead-letters a 4xx at once with the refusal on record, and an unreachable or TLS-broken endpoint after its last attempt', async () => {
    const { url } = await fixture.subscriber({ script: () => ({ status: 422, body: { error: 'field data.permitNo unknown' } }) });
    const refusing = `sub-${randomUUID()}`;
    const unreachable = `sub-${randomUUID()}`;
    const tlsBroken = `sub-${randomUUID()}`;
    await fixture.startWorker();
    const [refused] = await fixture.enqueue(refusing, url, subject('e', 1));
    const [lost] = await fixture.enqueue(unreachable, await fixture.unreachableUrl(), subject('f', 1));
    const [tls] = await fixture.enqueue(tlsBroken, url.replace('http:', 'https:'), subject('g', 1));
    for (const id of [refusing, unreachable, tlsBroken]) await waitUntil(`${id} settled`, () => fixture.settled(id), 60_000);

    const deliveries = fixture.deliveries();
    expect(await deliveries.inspect(refused?.deliveryId ?? '')).toMatchObject({
      status: 'dead',
      deadReason: DEAD_LETTER_REASONS.rejected,
      attempts: 1,
      lastStatusCode: 422,
      attemptHistory: [
        expect.objectContaining({ outcome: 'rejected', statusCode: 422, responseExcerpt: '{"error":"field data.permitNo unknown"}' }),
      ],
    });
    const unreachableRecord = await deliveries.inspect(lost?.deliveryId ?? '');
    expect(unreachableRecord).toMatchObject({ status: 'dead', deadReason: DEAD_LETTER_REASONS.attemptsExhausted, attempts: 5 });
    expect(unreachableRecord?.attemptHistory.map((a) => a.errorCode)).toEqual(Array(5).fill('ECONNREFUSED'));
    const tlsRecord = await deliveries.inspect(tls?.deliveryId ?? '');
    expect(tlsRecord).toMatchObject({ status: 'dead', deadReason: DEAD_LETTER_REASONS.attemptsExhausted });
    expect(
      tlsRecord?.attemptHistory.every((a) => a.outcome === 'retriable' && /^(EPROTO|ERR_SSL_|ECONNRESET)/.test(a.errorCode ?? '')),
    ).toBe(true);

    const audited = await fixture.dataSource.query<{ reason: string }[]>(
      `SELECT reason FROM delivery_audit_test WHERE action = 'delivery.dead-lettered' AND delivery_id = ANY($1::uuid[]) ORDER BY reason`,
      [[refused?.deliveryId, lost?.deliveryId, tls?.deliveryId]],
    );
    expect(audited.map((row) => row.reason)).toEqual(['ATTEMPTS_EXHAUSTED', 'ATTEMPTS_EXHAUSTED', 'REJECTED_BY_RECEIVER']);
  });

  it('refuses plain http unless allowed, without sending anything', async () => {
    const { subscriber, url } = await fixture.subscriber();
    const subscriptionId = `sub-${randomUUID()}`;
    await fixture.startWorker({ allowPlainHttp: false });
    const [delivery] = await fixture.enqueue(subscriptionId, url, subject('h', 1));
    await waitUntil('dead-lettered', () => fixture.settled(subscriptionId), 60_000);
    expect(await fixture.deliveries().inspect(delivery?.deliveryId ?? '')).toMatchObject({
      status: 'dead',
      deadReason: DEAD_LETTER_REASONS.endpointNotAllowed,
      attemptHistory: [expect.objectContaining({ outcome: 'rejected', errorCode: 'ENDPOINT_NOT_ALLOWED' })],
    });
    expect(subscriber.requests).toEqual([]);
  });

  it('keeps 2xx answers without a valid receipt delivered but unacknowledged, lists them, and takes a receipt later through acknowledge()', async () => {
    const replies = ['text', 'huge', 'forged', 'other-delivery', 'no-receipt'] as const;
    let forgedFor: string | undefined;
    const { subscriber, url } = await fixture.subscriber({
      script: (request) => {
        switch (replies[request.payload.n - 1]) {
          case 'text':
            return { status: 200, body: 'OK', process: true };
          case 'huge':
            return { status: 200, body: { receipt: subscriber.receiptFor(request), padding: 'x'.repeat(5_000_000) }, process: true };
          case 'forged':
            forgedFor = request.deliveryId;
            return {
              status: 200,
              body: { receipt: { ...subscriber.receiptFor(request), receivedAt: '2020-01-01T00:00:00Z' } },
              process: true,
            };
          case 'other-delivery':
            return { status: 201, body: { receipt: subscriber.receiptFor({ ...request, deliveryId: randomUUID() }) }, process: true };
          case 'no-receipt':
            return { status: 204, process: true, body: '' };
          case undefined:
            return undefined;
        }
      },
    });
    const subscriptionId = `sub-${randomUUID()}`;
    await fixture.startWorker();
    const enqueued = await fixture.enqueue(
      subscriptionId,
      url,
      replies.map((_, i) => ({ subject: `r${i}`, n: i + 1 })),
    );
    expect(await waitUntil('all delivered', () => fixture.settled(subscriptionId), 60_000)).toEqual({ delivered: 5 });

    const deliveries = fixture.deliveries();
    const page = await deliveries.listUnacknowledged({ subscriptionId });
    expect(page.items).toHaveLength(5);
    const problems = Object.fromEntries(
      page.items.map((item): [string, string | undefined] => [String(replies[item.sequence - 1]), item.receiptProblem?.split(':')[0]]),
    );
    expect(problems).toEqual({
      text: 'RECEIPT_MISSING',
      huge: 'RECEIPT_MALFORMED',
      forged: 'SIGNATURE_INVALID',
      'other-delivery': 'RECEIPT_MISMATCH',
      'no-receipt': 'RECEIPT_MISSING',
    });
    expect((await deliveries.listUnacknowledged({ subscriptionId, agencyId: 'mfa' })).items).toEqual([]);
    const firstPage = await deliveries.listUnacknowledged({ subscriptionId }, { limit: 2 });
    const secondPage = await deliveries.listUnacknowledged({ subscriptionId }, { limit: 2, cursor: firstPage.nextCursor ?? '' });
    const thirdPage = await deliveries.listUnacknowledged({ subscriptionId }, { limit: 2, cursor: secondPage.nextCursor ?? '' });
    expect([...firstPage.items, ...secondPage.items, ...thirdPage.items].map((i) => i.deliveryId).sort()).toEqual(
      enqueued.map((e) => e.deliveryId).sort(),
    );
    expect(thirdPage.nextCursor).toBeNull();

    const forged = subscriber.requests.find((r) => r.deliveryId === forgedFor);
    if (!forged) throw new Error('the forged receipt was never sent');
    await expect(deliveries.acknowledge(forged.deliveryId, { ...subscriber.receiptFor(forged), agency: 'mfa' })).rejects.toMatchObject({
      code: 'RECEIPT_REFUSED',
    });
    const badlySigned = {
      ...subscriber.receiptFor(forged),
      signature: subscriber.receiptFor({ ...forged, eventId: randomUUID() }).signature,
    };
    await expect(deliveries.acknowledge(forged.deliveryId, badlySigned)).rejects.toMatchObject({
      code: 'RECEIPT_REFUSED',
      context: { problem: 'SIGNATURE_INVALID' },
    });
    expect(await deliveries.acknowledge(forged.deliveryId, subscriber.receiptFor(forged))).toMatchObject({
      outcome: 'acknowledged',
      status: 'delivered',
      keyId: 'psb-receipts-1',
    });
    expect(await deliveries.acknowledge(forged.deliveryId, subscriber.receiptFor(forged))).toMatchObject({
      outcome: 'already-acknowledged',
    });
    expect((await deliveries.listUnacknowledged({ subscriptionId })).items).toHaveLength(4);
    expect(await deliveries.inspect(forged.deliveryId)).toMatchObject({ receiptProblem: null, receipt: { via: 'acknowledgement' } });
    await expect(deliveries.acknowledge(randomUUID(), subscriber.receiptFor(forged))).rejects.toMatchObject({ code: 'DELIVERY_NOT_FOUND' });
  });

  it('takes a receipt for a delivery whose answer never arrives, and the late attempt then changes nothing', async () => {
    const { subscriber, url } = await fixture.subscriber({ script: () => ({ hang: true, process: true }) });
    const subscriptionId = `sub-${randomUUID()}`;
    const worker = await fixture.startWorker({ attemptTimeoutMs: 4_000, leaseMs: 6_000 });
    const [delivery] = await fixture.enqueue(subscriptionId, url, subject('s', 1));
    const request = await waitUntil('the request arrived', () => subscriber.requests[0], 30_000);

    const result = await fixture.deliveries().acknowledge(request.deliveryId, subscriber.receiptFor(request));
    expect(result).toMatchObject({ outcome: 'acknowledged', status: 'delivered' });
    await worker.stop();
    const inspected = await fixture.deliveries().inspect(delivery?.deliveryId ?? '');
    expect(inspected).toMatchObject({ status: 'delivered', receipt: { via: 'acknowledgement' }, claimedBy: null });
    // Usually one attempt, which times out after the acknowledgement; on a slow machine there may be more before it.
    expect(inspected?.attemptHistory.length).toBeGreaterThanOrEqual(1);
    expect(inspected?.attemptHistory.every((a) => a.outcome === 'retriable' && a.errorCode === 'TIMEOUT')).toBe(true);
    expect(subscriber.processed.size).toBe(1);
  });

  it('lets stop() finish the attempts in flight and record them', async () => {
    const { url } = await fixture.subscriber({ script: () => ({ status: 200, delayMs: 500, process: true }) });
    const subscriptionId = `sub-${randomUUID()}`;
    const worker = await fixture.startWorker();
    await fixture.enqueue(
      subscriptionId,
      url,
      subject('t', 3).map((e, i) => ({ ...e, subject: `t${i}` })),
    );
    await waitUntil('attempts in flight', async () => {
      const [row] = await fixture.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = $1 AND claim_token IS NOT NULL',
        [subscriptionId],
      );
      return row?.n === 3;
    });
    await worker.stop();
    expect(await fixture.statuses(subscriptionId)).toEqual({ delivered: 3 });
  });

  it('stores bodies encrypted when a cipher is bound, sends them decrypted, and dead-letters a body it cannot decrypt', async () => {
    const cipher = FieldCipher.fromConfig(generateKeyringEntry('k1', 'aes-256-gcm'), 'k1');
    const { subscriber, url } = await fixture.subscriber();
    const subscriptionId = `sub-${randomUUID()}`;
    const [sealed] = await fixture.enqueue(subscriptionId, url, [{ subject: 'w', n: 1 }], cipher);
    const [plain] = await fixture.enqueue(subscriptionId, url, [{ subject: 'w', n: 2 }]);
    const stored = await fixture.dataSource.query<{ payload: string }[]>(
      'SELECT payload FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY sequence',
      [subscriptionId],
    );
    expect(stored.map((row) => row.payload.slice(0, 7))).toEqual(['enc:v1:', '{"subje']);

    await fixture.startWorker({}, { cipher });
    expect(await waitUntil('delivered', () => fixture.settled(subscriptionId), 60_000)).toEqual({ delivered: 2 });
    expect(subscriber.processedSequences('w')).toEqual([sealed?.sequence, plain?.sequence]);
    expect(subscriber.requests[0]?.payload).toEqual({ subject: 'w', n: 1 });
    expect(await fixture.deliveries(cipher).inspect(sealed?.deliveryId ?? '')).toMatchObject({
      payload: '{"subject":"w","n":1}',
      payloadProblem: null,
    });
    expect(await fixture.deliveries().inspect(sealed?.deliveryId ?? '')).toMatchObject({ payload: null });
    await fixture.stopWorkers();

    const unreadable = `sub-${randomUUID()}`;
    const [lost] = await fixture.enqueue(unreadable, url, [{ subject: 'w', n: 3 }], cipher);
    await fixture.startWorker();
    await waitUntil('dead-lettered', () => fixture.settled(unreadable), 60_000);
    expect(await fixture.deliveries().inspect(lost?.deliveryId ?? '')).toMatchObject({
      status: 'dead',
      deadReason: DEAD_LETTER_REASONS.payloadUnreadable,
      attemptHistory: [expect.objectContaining({ outcome: 'rejected', errorCode: 'PAYLOAD_UNREADABLE' })],
    });
  });
});
