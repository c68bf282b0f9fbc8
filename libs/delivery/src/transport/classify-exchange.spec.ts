import { describe, expect, it } from '@jest/globals';
import { classifyExchange, classifyStatus } from './classify-exchange.js';
import type { WebhookExchange } from './post-webhook.js';

const now = Date.parse('2026-03-01T08:00:00Z');
const response = (status: number, body = '', extra: Partial<Extract<WebhookExchange, { kind: 'response' }>> = {}): WebhookExchange => ({
  kind: 'response',
  status,
  headers: {},
  body: Buffer.from(body),
  truncated: false,
  interrupted: false,
  durationMs: 12,
  ...extra,
});

describe('classifying attempts', () => {
  it('counts 2xx as delivered, 408/425/429/5xx as retriable and every other status as rejected', () => {
    const table = Object.fromEntries(
      [100, 200, 201, 202, 204, 299, 301, 302, 304, 400, 401, 403, 404, 408, 409, 410, 413, 422, 425, 429, 500, 502, 503, 504, 599].map(
        (s) => [s, classifyStatus(s)],
      ),
    );
    expect(table).toEqual({
      100: 'rejected',
      200: 'delivered',
      201: 'delivered',
      202: 'delivered',
      204: 'delivered',
      299: 'delivered',
      301: 'rejected',
      302: 'rejected',
      304: 'rejected',
      400: 'rejected',
      401: 'rejected',
      403: 'rejected',
      404: 'rejected',
      408: 'retriable',
      409: 'rejected',
      410: 'rejected',
      413: 'rejected',
      422: 'rejected',
      425: 'retriable',
      429: 'retriable',
      500: 'retriable',
      502: 'retriable',
      503: 'retriable',
      504: 'retriable',
      599: 'retriable',
    });
  });

  it('treats no answer at all as retriable, keeping the error code', () => {
    expect(
      classifyExchange({ kind: 'failure', errorCode: 'ECONNREFUSED', message: 'connect ECONNREFUSED', durationMs: 3 }, now),
    ).toMatchObject({
      outcome: 'retriable',
      statusCode: null,
      errorCode: 'ECONNREFUSED',
      durationMs: 3,
    });
  });

  it('reads Retry-After only on retriable answers', () => {
    expect(classifyExchange(response(429, '', { headers: { 'retry-after': '7' } }), now)).toMatchObject({
      outcome: 'retriable',
      retryAfterMs: 7_000,
    });
    expect(classifyExchange(response(503, '', { headers: { 'retry-after': 'later' } }), now)).toMatchObject({ retryAfterMs: null });
    expect(classifyExchange(response(400, '', { headers: { 'retry-after': '7' } }), now)).toMatchObject({
      outcome: 'rejected',
      retryAfterMs: null,
    });
  });

  it('keeps a short excerpt of a refusal and notes a cut-off body, but never keeps a 2xx body', () => {
    const refusal = classifyExchange(response(422, `{"error":"${'x'.repeat(1000)}"}`), now);
    expect(refusal.responseExcerpt?.length).toBe(256);
    expect(refusal.errorMessage).toMatch(/refused/);
    expect(classifyExchange(response(302), now).errorMessage).toMatch(/redirects are not followed/);
    expect(classifyExchange(response(200, '{"ok":true}'), now)).toMatchObject({
      outcome: 'delivered',
      responseExcerpt: null,
      responseBytes: 11,
    });
    expect(classifyExchange(response(200, 'x', { truncated: true }), now)).toMatchObject({
      outcome: 'delivered',
      errorCode: 'RESPONSE_TOO_LARGE',
    });
    expect(classifyExchange(response(200, 'x', { interrupted: true }), now)).toMatchObject({
      outcome: 'delivered',
      errorCode: 'RESPONSE_INTERRUPTED',
    });
  });
});
