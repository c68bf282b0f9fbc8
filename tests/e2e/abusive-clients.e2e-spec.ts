import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aWorkPermitIssuedEvent, signedByItsAgency } from '@hub/testing';
import { chunked, fillerChunks, rawExchange } from '../support/raw-http.js';
import { apiKeyOf, countRows, publish, startHub, type RunningApp } from '../support/running-apps.js';

/**
 * Clients that lie, stall or flood, spoken to over raw TCP sockets against the running hub: the
 * hub answers without reading what it does not need, closes what it will not read, cuts off slow
 * senders on its own timeouts, and limits each agency's requests, well-formed or not.
 */
describe('abusive HTTP clients', () => {
  let hub: RunningApp;
  const head = (lines: string[]): string => `${lines.join('\r\n')}\r\n\r\n`;
  const post = (extra: string[]): string => head(['POST /v1/events HTTP/1.1', 'Host: hub', 'Content-Type: application/json', ...extra]);
  const key = (agency = 'bureau-310000'): string => `Authorization: Bearer ${apiKeyOf(hub.url, agency)}`;

  beforeAll(async () => {
    hub = await startHub({
      env: {
        MAX_BODY_SIZE: '2mb',
        HTTP_HEADERS_TIMEOUT_MS: '1000',
        HTTP_REQUEST_TIMEOUT_MS: '2000',
        HTTP_MAX_HEADER_SIZE: '8192',
        REQUEST_RATE_PER_SECOND: '5',
        REQUEST_BURST: '30',
      },
    });
  });
  afterAll(async () => {
    await hub?.destroy();
  });

  it('a body without credentials → 401 before a byte of it is read, and the connection closes', async () => {
    const answer = await rawExchange(hub.url, post(['Content-Length: 4900000']), [], { waitMs: 5000 });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect(answer.closed).toBe(true);
    expect(answer.elapsedMs).toBeLessThan(1000);
  });

  it('Expect: 100-continue without credentials → 401, never "100 Continue"', async () => {
    const answer = await rawExchange(hub.url, post(['Content-Length: 4900000', 'Expect: 100-continue']), [], { waitMs: 5000 });
    expect(answer.status).toBe(401);
    expect(answer.closed).toBe(true);
    const admitted = await rawExchange(hub.url, post([key(), 'Content-Length: 4900000', 'Expect: 100-continue']), [], { waitMs: 300 });
    expect(admitted.status).toBe(413);
    const small = await rawExchange(hub.url, post([key(), 'Content-Length: 10', 'Expect: 100-continue']), [], { waitMs: 500 });
    expect(small.status).toBe(100);
  });

  it('a declared Content-Length of 100 GB → 413 at once with Connection: close, the body unread', async () => {
    const answer = await rawExchange(hub.url, post([key(), 'Content-Length: 107374182400']), fillerChunks(2000, 64 * 1024));
    expect(answer.status).toBe(413);
    expect(answer.headers['connection']).toBe('close');
    expect(answer.closed).toBe(true);
    expect(answer.written).toBeLessThan(16 * 1024 * 1024);
  });

  it('a chunked body past the limit → 413 while it streams, and the connection closes', async () => {
    const answer = await rawExchange(hub.url, post([key(), 'Transfer-Encoding: chunked']), chunked(fillerChunks(10_000, 16 * 1024)));
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(answer.closed).toBe(true);
    expect(answer.written).toBeLessThan(16 * 1024 * 1024);
  });

  it('headers that never end → 408 and closed after HTTP_HEADERS_TIMEOUT_MS', async () => {
    const answer = await rawExchange(hub.url, 'POST /v1/events HTTP/1.1\r\nHost: hub\r\n', [], { waitMs: 8000 });
    expect(answer.closed).toBe(true);
    expect(answer.status).toBe(408);
    expect(answer.elapsedMs).toBeLessThan(4000);
  });

  it('a body that never ends → 408 and closed after HTTP_REQUEST_TIMEOUT_MS', async () => {
    const answer = await rawExchange(hub.url, post([key(), 'Content-Length: 1000']), [Buffer.from('{"id":')], { waitMs: 8000 });
    expect(answer.closed).toBe(true);
    expect(answer.status).toBe(408);
    expect(answer.elapsedMs).toBeLessThan(5000);
  });

  it('headers beyond HTTP_MAX_HEADER_SIZE → 431', async () => {
    const answer = await rawExchange(hub.url, post([key(), `X-Filler: ${'a'.repeat(10_000)}`, 'Content-Length: 0']));
    expect(answer.status).toBe(431);
  });

  it('an event with 150,000 unknown members → a small 400, and the hub keeps serving', async () => {
    const members = Array.from({ length: 150_000 }, (_, i) => `"k${i.toString(36)}":0`).join(',');
    const event = JSON.stringify(signedByItsAgency(aWorkPermitIssuedEvent()));
    const response = await fetch(`${hub.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKeyOf(hub.url, 'bureau-110000')}` },
      body: `${event.slice(0, -1)},${members}}`,
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text.length).toBeLessThan(10_000);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'VALIDATION_FAILED', issues: [{ path: '', rule: 'maxMembers' }] } });
    expect((await fetch(`${hub.url}/health`)).status).toBe(200);
  });

  it("one agency's flood of malformed requests → 429 with Retry-After for it alone; others publish on", async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 60; i += 1) {
      const response = await fetch(`${hub.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKeyOf(hub.url, 'bureau-320000')}` },
        body: '{"not json',
      });
      statuses.push(response.status);
      retryAfter ??= response.status === 429 ? response.headers.get('retry-after') : null;
      await response.arrayBuffer();
    }
    expect(statuses.filter((status) => status === 400).length).toBeGreaterThanOrEqual(30);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    const other = await publish(hub.url, aWorkPermitIssuedEvent());
    expect(other.status).toBe(202);
    expect(await countRows(hub.db, 'events')).toBe(1);
  });
});
