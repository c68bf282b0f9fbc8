import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aWorkPermitIssuedEvent, waitUntil } from '@hub/testing';
import { apiKeyOf, publish, startHub, TEST_ADMIN_TOKEN, type RunningApp } from '../support/running-apps.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

type Json = Record<string, unknown>;

/** A call as an outside client makes it: real HTTP to the running hub, with or without a bearer credential. */
async function call(
  url: string,
  credential?: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: Json }> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(credential === undefined ? {} : { authorization: `Bearer ${credential}` }),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

/**
 * Who may read what over HTTP, proven from outside against running hubs on the real broker and
 * database: event lookups need credentials and show an agency only its own and its delivered
 * events; a reused event id never names the agency that used it; subscription filters stay inside
 * the projection; webhook endpoints on loopback or private addresses are refused unless the
 * operator allows them, at subscription time and again at delivery time.
 */
describe('read authorization and webhook targets', () => {
  // A hub without the tests' loopback allowlist: the SSRF guard as a production hub has it.
  let hub: RunningApp;
  // An API-only hub with the tests' allowlist (127.0.0.0/8, ::1); without dispatchers, so the two do not share a consumer group.
  let allowing: RunningApp;
  const receiver = new WebhookReceiver();
  let receiverUrl = '';

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    hub = await startHub({ env: { WEBHOOK_ALLOWED_HOSTS: '', WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_BASE_DELAY_MS: '50' } });
    allowing = await startHub({ env: { HUB_ROLES: 'api' } });
  });
  afterAll(async () => {
    await hub?.destroy();
    await allowing?.destroy();
    await receiver.stop();
  });

  const eventUrl = (id: string, on = hub): string => `${on.url}/v1/events/${id}`;
  const key = (agency: string, on = hub): string => apiKeyOf(on.url, agency);

  describe('GET /v1/events/{id}', () => {
    let shanghai = '';

    beforeAll(async () => {
      const event = aWorkPermitIssuedEvent();
      expect((await publish(hub.url, event)).status).toBe(202);
      shanghai = String(event['id']);
    });

    it('answers 401 without credentials or with a wrong key, and says nothing of the event', async () => {
      for (const credential of [undefined, 'not-a-key', `${TEST_ADMIN_TOKEN}x`]) {
        const answer = await call(eventUrl(shanghai), credential);
        expect(answer.status).toBe(401);
        expect(answer.body).toEqual({ error: expect.objectContaining({ code: 'UNAUTHENTICATED' }) as unknown });
        expect(JSON.stringify(answer.body)).not.toContain('bureau-310000');
      }
    });

    it('shows the publisher its own event, and the operator every event, with 200', async () => {
      const own = await call(eventUrl(shanghai), key('bureau-310000'));
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ id: shanghai, agency: 'bureau-310000', type: 'work-permit.issued' });
      const operator = await call(eventUrl(shanghai), TEST_ADMIN_TOKEN);
      expect(operator).toMatchObject({ status: 200, body: { id: shanghai, agency: 'bureau-310000' } });
    });

    it("answers another agency's event with the same 404 as an id never used", async () => {
      const other = await call(eventUrl(shanghai), key('bureau-110000'));
      const unknownId = randomUUID();
      const unknown = await call(eventUrl(unknownId), key('bureau-110000'));
      expect(other.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(other.body['error']).toEqual(JSON.parse(JSON.stringify(unknown.body['error']).replaceAll(unknownId, shanghai)) as unknown);
      expect(JSON.stringify(other.body)).not.toContain('bureau-310000');
      expect((await call(eventUrl(shanghai), key('tax'))).status).toBe(404);
      expect((await call(eventUrl('not-a-uuid'), key('tax'))).status).toBe(400);
      expect((await call(eventUrl('%E0%A4%A'), key('tax'))).status).toBeLessThan(500);
    });

    it('shows an agency an event delivered to its subscription, live or by a replay, and no event it never received', async () => {
      const created = await call(`${hub.url}/v1/subscriptions`, key('psb-310000'), {
        method: 'POST',
        body: { name: 'permits for lookups', eventTypes: [{ type: 'work-permit.issued' }], channels: { kafka: true } },
      });
      expect(created.status).toBe(201);
      const event = aWorkPermitIssuedEvent();
      await waitUntil(
        'the new subscription routed an event',
        async () => {
          // The dispatchers learn of the subscription by NOTIFY: publish until one is routed to it.
          const probe = aWorkPermitIssuedEvent();
          expect((await publish(hub.url, probe)).status).toBe(202);
          const rows = await hub.db.query('SELECT 1 FROM subscription_deliveries WHERE subscription_id = $1', [created.body['id']]);
          return (rows.rowCount ?? 0) > 0;
        },
        30_000,
        500,
      );
      expect((await publish(hub.url, event)).status).toBe(202);
      const id = String(event['id']);
      await waitUntil('the event routed to psb-310000', async () => {
        const rows = await hub.db.query('SELECT 1 FROM subscription_deliveries WHERE event_id = $1', [id]);
        return (rows.rowCount ?? 0) > 0;
      });
      expect(await call(eventUrl(id), key('psb-310000'))).toMatchObject({ status: 200, body: { id, agency: 'bureau-310000' } });
      expect((await call(eventUrl(shanghai), key('psb-310000'))).status).toBe(404);
      expect((await call(eventUrl(id), key('mfa'))).status).toBe(404);

      // A replay from before the subscription sends the older event too; then psb-310000 may read it.
      const replay = await call(`${hub.url}/v1/subscriptions/${String(created.body['id'])}/replays`, key('psb-310000'), {
        method: 'POST',
        body: { fromTime: new Date(Date.now() - 3_600_000).toISOString() },
      });
      expect(replay.status).toBe(202);
      await waitUntil('the replay done', async () => {
        const progress = await call(
          `${hub.url}/v1/subscriptions/${String(created.body['id'])}/replays/${String(replay.body['id'])}`,
          key('psb-310000'),
        );
        return progress.body['status'] === 'done';
      });
      expect(await call(eventUrl(shanghai), key('psb-310000'))).toMatchObject({ status: 200, body: { id: shanghai } });
      expect((await call(eventUrl(shanghai), key('mfa'))).status).toBe(404);
    });
  });

  it('answers a reused event id 409 without naming, in the answer or the audit row, the agency that used it', async () => {
    const first = aWorkPermitIssuedEvent();
    expect((await publish(hub.url, first)).status).toBe(202);
    const reuse = aWorkPermitIssuedEvent({ region: '110000', id: String(first['id']) });
    const answer = await publish(hub.url, reuse);
    expect(answer.status).toBe(409);
    expect(answer.body.error?.code).toBe('EVENT_ID_CONFLICT');
    expect(JSON.stringify(answer.body)).not.toMatch(/bureau-310000|310000|Shanghai|上海/);
    // The same answer as reusing one's own id with other content: nothing tells whose the id was.
    const ownReuse = await publish(hub.url, { ...first, data: { ...(first['data'] as Json), points: 99 } });
    expect(ownReuse.status).toBe(409);
    expect(ownReuse.body.error?.message).toBe(answer.body.error?.message);
    const audit = await hub.db.query<{ actor: string; detail: Json }>(
      `SELECT actor, detail FROM audit_trail WHERE action = 'event.rejected' AND event_id = $1 AND actor = 'agency:bureau-110000'`,
      [first['id']],
    );
    expect(audit.rows).toHaveLength(1);
    expect(JSON.stringify(audit.rows[0])).not.toContain('bureau-310000');
  });

  it("refuses a filter on a field the agency's projection never gives it, naming the filter and why", async () => {
    const answer = await call(`${hub.url}/v1/subscriptions`, key('tax'), {
      method: 'POST',
      body: {
        name: 'tax by talent class',
        eventTypes: [{ type: 'permanent-residence.application-submitted' }],
        filters: { permitClasses: ['A'], visaCategories: ['R'] },
        channels: { kafka: true },
      },
    });
    expect(answer.status).toBe(403);
    expect(answer.body['error']).toMatchObject({
      code: 'SUBSCRIPTION_REFUSED',
      issues: [
        { path: 'filters.permitClasses', rule: 'projection', message: expect.stringContaining('tax-subject-and-salary') as unknown },
        { path: 'filters.visaCategories', rule: 'projection', message: expect.stringContaining('data.visaCategory') as unknown },
      ],
    });
  });

  describe('webhook endpoints (SSRF)', () => {
    const subscribe = (on: RunningApp, url: string): Promise<{ status: number; body: Json }> =>
      call(`${on.url}/v1/subscriptions`, key('psb-310000', on), {
        method: 'POST',
        body: { name: `webhook ${randomUUID().slice(0, 8)}`, eventTypes: [{ type: 'work-permit.issued' }], channels: { webhook: { url } } },
      });

    it('refuses https://127.0.0.1:5432/ and other non-public endpoints without the allowlist, naming the reason', async () => {
      for (const [url, reason] of [
        ['https://127.0.0.1:5432/', 'loopback'],
        ['https://[::1]/hook', 'loopback'],
        ['https://[::ffff:127.0.0.1]/hook', 'loopback'],
        ['https://2130706433/hook', 'loopback'],
        ['https://localhost/hook', 'localhost resolves to'],
        ['https://10.0.0.8/hook', 'private'],
        ['https://169.254.169.254/latest/meta-data/', 'metadata'],
        ['https://[fd00:ec2::254]/', 'metadata'],
        ['https://100.64.1.1/', 'carrier-grade NAT'],
      ]) {
        const answer = await subscribe(hub, url ?? '');
        expect(answer.status).toBe(400);
        expect(answer.body['error']).toMatchObject({
          code: 'VALIDATION_FAILED',
          issues: [{ path: 'channels.webhook.url', rule: 'publicAddress', message: expect.stringContaining(reason ?? '') as unknown }],
        });
      }
      expect(await hub.db.query("SELECT 1 FROM subscriptions WHERE channels->'webhook' <> 'null'::jsonb")).toMatchObject({
        rowCount: 0,
      });
    });

    it('refuses a replay into a webhook on the metadata address (IPv4-mapped) as well', async () => {
      const created = await call(`${hub.url}/v1/subscriptions`, key('psb-310000'), {
        method: 'POST',
        body: { name: 'replay source', eventTypes: [{ type: 'work-permit.revoked' }], channels: { kafka: true } },
      });
      expect(created.status).toBe(201);
      const replay = await call(`${hub.url}/v1/subscriptions/${String(created.body['id'])}/replays`, key('psb-310000'), {
        method: 'POST',
        body: { fromSequence: 1, into: { webhook: { url: 'https://[::ffff:a9fe:a9fe]/latest/meta-data/' } } },
      });
      expect(replay.status).toBe(400);
      expect(replay.body['error']).toMatchObject({
        issues: [{ path: 'into.webhook.url', rule: 'publicAddress', message: expect.stringContaining('metadata') as unknown }],
      });
    });

    it('accepts the same endpoint where the operator allowlists loopback', async () => {
      expect((await subscribe(allowing, 'https://127.0.0.1:5432/')).status).toBe(201);
    });

    it('refuses at delivery time a host name that resolves to loopback by then, and sends nothing', async () => {
      // A subscription stored while its host still had a public address (as DNS rebinding would leave it).
      const id = randomUUID();
      const port = new URL(receiverUrl).port;
      await hub.db.query(
        `INSERT INTO subscriptions (id, agency, name, event_types, filters, channels, purpose, created_by)
         VALUES ($1, 'psb-310000', 'rebound webhook', '[{"type":"work-permit.issued","version":1}]', '{}', $2, 'exit-entry-administration', 'agency:psb-310000')`,
        [id, JSON.stringify({ kafka: false, webhook: { url: `http://localhost:${port}/rebound` } })],
      );
      const dead = await waitUntil(
        'the delivery dead-lettered as not allowed',
        async () => {
          expect((await publish(hub.url, aWorkPermitIssuedEvent())).status).toBe(202);
          const rows = await hub.db.query<{ status: string; dead_reason: string; last_error: string }>(
            'SELECT status, dead_reason, last_error FROM webhook_deliveries WHERE subscription_id = $1',
            [id],
          );
          return rows.rows.find((row) => row.status === 'dead');
        },
        30_000,
        500,
      );
      expect(dead).toMatchObject({ dead_reason: 'ENDPOINT_NOT_ALLOWED' });
      expect(dead.last_error).toMatch(/WEBHOOK_TARGET_REFUSED.*localhost resolves to (127\.0\.0\.1|::1), which is a loopback address/);
      expect(receiver.at('/rebound')).toEqual([]);
    });
  });
});
