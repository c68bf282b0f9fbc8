import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aWorkPermitIssuedEvent } from '@hub/testing';
import { countRows, publish, startHub, type PublishResponse, type RunningApp } from '../support/running-apps.js';

/**
 * Past MAX_EVENTS_IN_FLIGHT the hub answers at once with 503 HUB_BUSY and Retry-After instead of
 * holding the request in memory: nothing of a refused request is stored, everything accepted is,
 * and the same requests sent again once the hub has room are accepted.
 */
describe('POST /v1/events under more load than the hub takes at once', () => {
  let hub: RunningApp;

  beforeAll(async () => {
    hub = await startHub({ env: { MAX_EVENTS_IN_FLIGHT: '25', PUBLISH_RATE_PER_SECOND: '100000', PUBLISH_BURST: '100000' } });
  });
  afterAll(async () => {
    await hub?.destroy();
  });

  const idsOf = (body: { events: Record<string, unknown>[] }): string[] => body.events.map((event) => String(event['id']));
  const storedOf = (ids: readonly string[]): Promise<number> => countRows(hub.db, 'events', 'id = ANY($1::uuid[])', [ids]);

  it('answers the requests past the bound 503 HUB_BUSY with Retry-After, stores exactly the accepted ones, and takes the refused ones when sent again', async () => {
    const bodies = Array.from({ length: 12 }, () => ({ events: Array.from({ length: 20 }, () => aWorkPermitIssuedEvent()) }));
    const answers: PublishResponse[] = await Promise.all(bodies.map((body) => publish(hub.url, body)));

    const accepted = bodies.filter((_, index) => answers[index]?.status === 202);
    const busy = bodies.filter((_, index) => answers[index]?.status === 503);
    expect(accepted.length + busy.length).toBe(bodies.length);
    expect(accepted.length).toBeGreaterThan(0);
    expect(busy.length).toBeGreaterThan(0);
    for (const answer of answers.filter((a) => a.status === 503)) {
      expect(answer.retryAfter).toBe('1');
      expect(answer.body.error?.code).toBe('HUB_BUSY');
      expect(answer.body.error?.message).toMatch(/up to 25 at once per API process\); nothing of this request was stored/);
      expect(answer.body.error?.messageZh).toContain('Retry-After');
    }
    expect(await storedOf(accepted.flatMap(idsOf))).toBe(accepted.length * 20);
    expect(await storedOf(busy.flatMap(idsOf))).toBe(0);

    // One at a time, as a client honouring Retry-After would, each refused request is taken whole.
    for (const body of busy) expect((await publish(hub.url, body)).status).toBe(202);
    expect(await storedOf(bodies.flatMap(idsOf))).toBe(bodies.length * 20);
  });

  it('takes a request larger than the bound when nothing else is in hand', async () => {
    const body = { events: Array.from({ length: 40 }, () => aWorkPermitIssuedEvent()) };
    const answer = await publish(hub.url, body);
    expect(answer.status).toBe(202);
    expect(answer.body.events?.every((event) => event.status === 'accepted')).toBe(true);
    expect(await storedOf(idsOf(body))).toBe(40);
  });
});
