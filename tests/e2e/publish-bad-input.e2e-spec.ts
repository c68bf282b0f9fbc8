import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { aWorkPermitIssuedEvent, waitUntil } from '@hub/testing';
import { countRows, publish, startHub, type RunningApp } from '../support/running-apps.js';

/**
 * Bad input at the hub's door: each refusal is a 4xx whose body names what is wrong, and nothing is
 * stored (so nothing can be published: the relay only ever reads committed outbox rows).
 */
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
    const response = await fetch(`${hub.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
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

  it('records each kind of refused body in the audit trail under the agency that sent it', async () => {
    // Body refusals are recorded just after the answer is sent.
    await waitUntil('every kind of refusal in the audit trail', async () => {
      const refused = await hub.db.query<{ code: string }>(
        `SELECT DISTINCT detail->>'code' AS code FROM audit_log WHERE action = 'event.rejected' AND actor = 'agency:bureau-310000'`,
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
