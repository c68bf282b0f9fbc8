import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { aWorkPermitIssuedEvent, INVISIBLE_TEXTS, signedByItsAgency, waitUntil } from '@hub/testing';
import { apiKeyOf, countRows, publish, startHub, TEST_ADMIN_TOKEN, type RunningApp } from '../support/running-apps.js';

/**
 * Bad input at the hub's door: each refusal is a 4xx whose body names what is wrong, and nothing is
 * stored (so nothing can be published: the relay only ever reads committed outbox rows).
 */
type ErrorBody = { error: { code: string; issues?: { path: string; rule: string }[] } };

describe('POST /v1/events refuses bad input and stores nothing', () => {
  let hub: RunningApp;

  beforeAll(async () => {
    hub = await startHub({ env: { MAX_BODY_SIZE: '64kb', MAX_EVENTS_PER_REQUEST: '20' } });
  });
  afterAll(async () => {
    await hub?.destroy();
  });
  afterEach(async () => {
    expect(await countRows(hub.db, 'events')).toBe(0);
    expect(await countRows(hub.db, 'outbox')).toBe(0);
  });

  it('malformed JSON → 400 MALFORMED_JSON', async () => {
    const answer = await publish(hub.url, '{"specversion": "1.0", "id": ');
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('MALFORMED_JSON');
    expect(answer.body.error?.messageZh).toContain('JSON');
  });

  it('not JSON at all → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const response = await fetch(`${hub.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${apiKeyOf(hub.url, 'bureau-310000')}` },
      body: 'hello',
    });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('a CloudEvents batch that is not a JSON array → 400 naming the rule; other routes read only application/json', async () => {
    const headers = { 'content-type': 'application/cloudevents-batch+json', authorization: `Bearer ${apiKeyOf(hub.url, 'bureau-310000')}` };
    const body = JSON.stringify(signedByItsAgency(aWorkPermitIssuedEvent()));
    const response = await fetch(`${hub.url}/v1/events`, { method: 'POST', headers, body });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.issues).toEqual([expect.objectContaining({ path: '', rule: 'isArray' })]);
    const subscription = await fetch(`${hub.url}/v1/subscriptions`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/cloudevents+json' },
      body: '{}',
    });
    expect(subscription.status).toBe(415);
  });

  it('oversized body → 413 PAYLOAD_TOO_LARGE', async () => {
    const event = aWorkPermitIssuedEvent({ data: { position: 'x'.repeat(70_000) } });
    const answer = await publish(hub.url, event);
    expect(answer.status).toBe(413);
    expect(answer.body.error?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('unknown event type → 400 naming the type', async () => {
    const answer = await publish(hub.url, { ...aWorkPermitIssuedEvent(), type: 'work-permit.stolen' });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.issues).toEqual([expect.objectContaining({ path: 'type', rule: 'knownEventType' })]);
  });

  it('missing and ill-typed fields → 400 listing each path and rule', async () => {
    const event = aWorkPermitIssuedEvent({ data: { permitClass: 7, validFrom: 'tomorrow' } });
    delete (event['data'] as Record<string, unknown>)['employer'];
    delete event['time'];
    const answer = await publish(hub.url, event);
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('VALIDATION_FAILED');
    const issues = answer.body.error?.issues?.map(({ path, rule }) => `${path}:${rule}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        'time:isRfc3339DateTime',
        'data.permitClass:isInCodeList',
        'data.validFrom:isCalendarDate',
        'data.employer:isDefined',
      ]),
    );
    for (const issue of answer.body.error?.issues ?? []) {
      expect(issue.message).toContain(issue.path);
      expect(issue.messageZh).toMatch(new RegExp(`^${issue.path.replace(/[.[\]]/g, '\\$&')} .*\\p{Script=Han}`, 'u'));
    }
  });

  it('one bad event in a batch → 400 with its index, and the good ones are not stored either', async () => {
    const events = [aWorkPermitIssuedEvent(), aWorkPermitIssuedEvent({ data: { permitNo: 'ABC' } }), aWorkPermitIssuedEvent()];
    const answer = await publish(hub.url, { events });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.issues).toEqual([expect.objectContaining({ path: 'events[1].data.permitNo', rule: 'matches' })]);
  });

  it('too many or no events in a batch → 400', async () => {
    expect((await publish(hub.url, { events: [] })).body.error?.issues?.[0]?.path).toBe('events');
    const many = Array.from({ length: 21 }, () => aWorkPermitIssuedEvent());
    expect((await publish(hub.url, { events: many })).status).toBe(400);
  });

  it('a body that is not an object → 400', async () => {
    const answer = await publish(hub.url, '"just a string"');
    expect(answer.status).toBe(400);
    expect(answer.body.error?.issues?.[0]?.rule).toBe('isObject');
  });

  it('a subject that does not match the identifiers in data → 400', async () => {
    const answer = await publish(hub.url, { ...aWorkPermitIssuedEvent(), subject: `sub_${'0'.repeat(32)}` });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.issues?.[0]).toMatchObject({ path: 'subject', rule: 'matchesIdentifiers' });
  });

  it('a malformed correlation id header → 400', async () => {
    const answer = await publish(hub.url, aWorkPermitIssuedEvent(), { 'x-correlation-id': 'has spaces; and more' });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.issues?.[0]?.path).toBe('header:x-correlation-id');
  });

  it('deeply nested JSON in any field → 400 naming where, and the hub keeps serving', async () => {
    const deepObject = (levels: number): string => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    const deepArray = (levels: number): string => `${'['.repeat(levels)}1${']'.repeat(levels)}`;
    const event = JSON.stringify(aWorkPermitIssuedEvent());
    for (const body of [
      event.replace('"data":{', `"data":{"extra":${deepObject(10_000)},`),
      event.replace('"position":"', `"position":${deepArray(12_000)},"ignored":"`),
      `{"events":${deepArray(20_000)}}`,
      deepObject(10_000),
    ]) {
      const answer = await publish(hub.url, body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({
        code: 'BODY_TOO_DEEP',
        message: expect.stringMatching(/more than 32 levels deep \(at byte \d+\)/) as unknown,
      });
    }
    // Brackets inside strings are not nesting: this event is judged by its contract (a bad permit class).
    const brackets = aWorkPermitIssuedEvent({ data: { position: `${'[{'.repeat(40)}\\"${']}'.repeat(40)}`, permitClass: 'Z' } });
    const judged = await publish(hub.url, { events: [brackets] });
    expect(judged.body.error?.code).toBe('VALIDATION_FAILED');
    expect(judged.body.error?.issues?.map((issue) => issue.path)).toEqual(['events[0].data.permitClass']);
    expect((await fetch(`${hub.url}/health`)).status).toBe(200);
  });

  /** POSTs raw bytes with an agency's API key (or the admin token under /v1/admin). */
  const send = async (path: string, body: string | Buffer): Promise<{ status: number; body: ErrorBody }> => {
    const token = path.startsWith('/v1/admin') ? TEST_ADMIN_TOKEN : apiKeyOf(hub.url, 'bureau-310000');
    const response = await fetch(`${hub.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    return { status: response.status, body: (await response.json()) as ErrorBody };
  };
  const signedText = (event: Record<string, unknown>): string => JSON.stringify(signedByItsAgency(event));
  const someId = '6f1d3b1e-5a0c-4c43-9d0e-2f4b7f4a9c11';

  it.each(['__proto__', 'constructor', 'prototype'])(
    '%s as a member name anywhere, on every JSON route → 400 naming where',
    async (name) => {
      const event = signedText(aWorkPermitIssuedEvent());
      const cases: [string, string, string][] = [
        ['/v1/events', `{"${name}":null}`, name],
        ['/v1/events', `{"${name}":"scalar"}`, name],
        ['/v1/events', event.replace('"data":{', `"data":{"${name}":null,`), `data.${name}`],
        ['/v1/events', `{"events":[${event},${event.replace('"holder":{', `"holder":{"${name}":{},`)}]}`, `events[1].data.holder.${name}`],
        ['/v1/admin/agencies', `{"${name}":null}`, name],
        ['/v1/subscriptions', `{"name":"x","${name}":null}`, name],
        [`/v1/deliveries/${someId}/ack`, `{"receipt":{"${name}":null}}`, `receipt.${name}`],
        [`/v1/subscriptions/${someId}/receipts`, `{"${name}":null}`, name],
      ];
      for (const [path, body, where] of cases) {
        const answer = await send(path, body);
        expect({ path, status: answer.status }).toEqual({ path, status: 400 });
        expect(answer.body.error.issues).toEqual([expect.objectContaining({ path: where, rule: 'allowedMemberName' })]);
      }
    },
  );

  it('a duplicate member name → 400 naming it, never "last one wins"', async () => {
    const event = aWorkPermitIssuedEvent();
    const text = signedText(event).replace('"permitNo":', '"permitNo":"NOT-A-PERMIT","permitNo":');
    const answer = await send('/v1/events', text);
    expect(answer.status).toBe(400);
    expect(answer.body.error.issues).toEqual([expect.objectContaining({ path: 'data.permitNo', rule: 'uniqueMemberName' })]);
  });

  it('invalid UTF-8, UTF-16 and a byte order mark → 400 MALFORMED_JSON, never read as U+FFFD', async () => {
    const text = signedText(aWorkPermitIssuedEvent());
    const latin1 = Buffer.from(text, 'latin1');
    for (const body of [latin1, Buffer.from(text, 'utf16le'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])]) {
      const answer = await send('/v1/events', body);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('MALFORMED_JSON');
    }
  });

  it('NUL in dataschema → 400 naming the field (not 503 retriable), recorded as a refusal', async () => {
    const event = aWorkPermitIssuedEvent();
    for (const dataschema of ['\u0000', '', 'NaN', 'not a uri']) {
      const answer = await publish(hub.url, { ...event, dataschema });
      expect(answer.status).toBe(400);
      expect(answer.body.error?.issues?.map((issue) => issue.path)).toContain('dataschema');
    }
    await waitUntil('the refusal in the audit trail', async () => {
      const rows = await hub.db.query(`SELECT 1 FROM audit_trail WHERE action = 'event.rejected' AND event_id = $1`, [event['id']]);
      return rows.rows.length > 0;
    });
  });

  it.each(INVISIBLE_TEXTS.map((text) => [JSON.stringify(text), text]))(
    'a holder name of nothing visible (%s) → 400',
    async (_label, name) => {
      const holder = { passportNo: 'E1234567', nationality: 'FRA', birthDate: '1988-04-12', name };
      const answer = await publish(hub.url, aWorkPermitIssuedEvent({ data: { holder } }));
      expect(answer.status).toBe(400);
      expect(answer.body.error?.issues).toContainEqual(expect.objectContaining({ path: 'data.holder.name', rule: 'hasVisibleCharacters' }));
    },
  );

  it('a batch with hundreds of issues → the first 100 and the total', async () => {
    const unknown = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`unknown${i}`, i]));
    const events = Array.from({ length: 20 }, () => aWorkPermitIssuedEvent({ data: unknown }));
    const answer = await publish(hub.url, { events });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.issues).toHaveLength(100);
    // Validation stops once 100 issues are known; the total counts those found until then.
    expect((answer.body.error as { totalIssues?: number }).totalIssues).toBeGreaterThan(100);
  });

  it('records each kind of refused body in the audit trail under the agency that sent it', async () => {
    // Body refusals are recorded just after the answer is sent.
    await waitUntil('every kind of refusal in the audit trail', async () => {
      const refused = await hub.db.query<{ code: string }>(
        `SELECT DISTINCT detail->>'code' AS code FROM audit_trail WHERE action = 'event.rejected' AND actor = 'agency:bureau-310000'`,
      );
      const codes = refused.rows.map((row) => row.code);
      return ['BODY_TOO_DEEP', 'MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'VALIDATION_FAILED'].every((code) => codes.includes(code));
    });
  });

  it('the hub keeps serving after all of it', async () => {
    const health = await fetch(`${hub.url}/health`);
    expect(health.status).toBe(200);
  });
});
