import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aWorkPermitIssuedEvent, waitUntil } from '@hub/testing';
import { addConsoleOperator, ConsoleClient } from '../../apps/hub/src/console/testing/console-client.js';
import { apiKeyOf, publish, startHub, TEST_ADMIN_TOKEN, type RunningApp } from '../support/running-apps.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

type Json = Record<string, unknown>;

/**
 * The ops console's API from outside, over HTTP with cookies as a browser sends them, against the
 * hub on the real broker and database: login and its refusals, CSRF, a viewer refused an
 * operator's action, a session that expires, identifiers masked for a viewer, an audited view of
 * one person's path, and a dead letter redriven from the console reaching the subscriber.
 */
describe('ops console API', () => {
  let hub: RunningApp;
  const receiver = new WebhookReceiver();
  let receiverUrl: string;
  let viewer: ConsoleClient;
  let operator: ConsoleClient;
  const holder = { passportNo: `C${String(Date.now()).slice(-8)}`, nationality: 'DEU', birthDate: '1985-06-30', name: 'Console Person' };

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    hub = await startHub({
      env: { HUB_ROLES: 'api,relay,dispatch,audit,console', WEBHOOK_BASE_DELAY_MS: '50', WEBHOOK_MAX_ATTEMPTS: '2' },
    });
    await addConsoleOperator(hub.url, TEST_ADMIN_TOKEN, { username: 'e2e-viewer', role: 'viewer', password: 'viewer-password-e2e' });
    await addConsoleOperator(hub.url, TEST_ADMIN_TOKEN, { username: 'e2e-operator', role: 'operator', password: 'operator-password-e2e' });
    viewer = await ConsoleClient.logIn(hub.url, 'e2e-viewer', 'viewer-password-e2e');
    operator = await ConsoleClient.logIn(hub.url, 'e2e-operator', 'operator-password-e2e');
  });
  afterAll(async () => {
    await hub?.destroy();
    await receiver.stop();
  });

  it('logs in only with the right password, and answers the session with its CSRF token', async () => {
    const wrong = await fetch(`${hub.url}/console/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'e2e-viewer', password: 'viewer-password-e2f' }),
    });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as Json)['code']).toBe('INVALID_CREDENTIALS');
    const session = await viewer.get('/console/api/session');
    expect(session.body).toEqual({
      operator: { username: 'e2e-viewer', displayName: 'e2e-viewer', role: 'viewer' },
      csrfToken: viewer.csrf,
    });
    expect((await fetch(`${hub.url}/console/api/overview`)).status).toBe(401);
  });

  it('refuses a change without the CSRF token, and ends a session left idle past its limit', async () => {
    const session = await ConsoleClient.logIn(hub.url, 'e2e-viewer', 'viewer-password-e2e');
    const refused = await fetch(`${hub.url}/console/api/session`, { method: 'DELETE', headers: { cookie: session.cookie } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as Json)['code']).toBe('CSRF_TOKEN_MISMATCH');
    expect((await session.get('/console/api/overview')).status).toBe(200);
    // Half an hour passes without a request (CONSOLE_SESSION_IDLE_MINUTES is 30).
    await hub.db.query(
      `UPDATE console_sessions SET last_seen_at = last_seen_at - interval '31 minutes' WHERE token_hash = sha256(convert_to($1, 'UTF8'))`,
      [session.cookie.split('=')[1]],
    );
    const expired = await session.get('/console/api/overview');
    expect(expired.status).toBe(401);
    expect(expired.body['code']).toBe('UNAUTHENTICATED');
  });

  it('redrives a dead letter from the console to the subscriber, masks its identifiers for a viewer, and refuses the viewer’s redrive', async () => {
    const created = await fetch(`${hub.url}/v1/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKeyOf(hub.url, 'psb-310000')}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'console e2e',
        eventTypes: [{ type: 'work-permit.issued' }],
        channels: { webhook: { url: `${receiverUrl}/psb-310000/console` } },
      }),
    });
    expect(created.status).toBe(201);
    receiver.script('/psb-310000/console', ['reject']);
    const event = aWorkPermitIssuedEvent({ data: { holder } });
    expect((await publish(hub.url, event)).status).toBe(202);
    await waitUntil(
      'the dead letter listed',
      async () => (await viewer.get(`/console/api/dead-letters?q=${String(event['id'])}`)).body['total'] === 1,
    );
    const [item] = (await viewer.get(`/console/api/dead-letters?q=${String(event['id'])}`)).body['items'] as { id: string }[];

    const masked = await viewer.get(`/console/api/dead-letters/${item?.id ?? ''}`);
    expect(String(masked.body['payloadPreview'])).not.toContain(holder.passportNo);
    expect(String(masked.body['payloadPreview'])).not.toContain(holder.name);
    expect(String(masked.body['payloadPreview'])).toContain(`${holder.passportNo.slice(0, 3)}****${holder.passportNo.slice(-2)}`);

    const forbidden = await viewer.post('/console/api/dead-letters/redrive', { ids: [item?.id] });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ code: 'ROLE_FORBIDDEN', requiredRole: 'operator' });

    const redrive = await operator.post('/console/api/dead-letters/redrive', { ids: [item?.id] });
    expect(redrive.status).toBe(202);
    await waitUntil(
      'the job finished',
      async () => (await operator.get(`/console/api/jobs/${String(redrive.body['jobId'])}`)).body['state'] === 'finished',
    );
    await waitUntil('the event accepted by the subscriber', () =>
      receiver
        .at('/psb-310000/console')
        .some((request) => request.answered === 200 && (JSON.parse(request.body) as Json)['id'] === event['id']),
    );
    expect((await operator.get(`/console/api/jobs/${String(redrive.body['jobId'])}`)).body).toMatchObject({ total: 1, done: 1, failed: 0 });
  });

  it('shows one person’s path to an operator who states a purpose, audits the view, and refuses a viewer', async () => {
    const raw = `${holder.nationality}|${holder.passportNo}|${holder.birthDate}`;
    expect((await viewer.get(`/console/api/path?subject=${encodeURIComponent(raw)}`, { 'x-purpose': 'case-review' })).status).toBe(403);
    const noPurpose = await operator.get(`/console/api/path?subject=${encodeURIComponent(raw)}`);
    expect(noPurpose.status).toBe(400);
    expect(noPurpose.body['code']).toBe('PURPOSE_REQUIRED');
    const path = await operator.get(`/console/api/path?subject=${encodeURIComponent(raw)}`, { 'x-purpose': 'case-review' });
    expect(path.status).toBe(200);
    const body = path.body as {
      subjectId: string;
      events: { type: string; hops: { accepted: string; dispatched: unknown[]; delivered: unknown[] } }[];
    };
    expect(body.subjectId).toMatch(/^sub_[0-9a-f]{32}$/);
    expect(body.events).toEqual([expect.objectContaining({ type: 'work-permit.issued' })]);
    expect(body.events[0]?.hops.dispatched).toHaveLength(1);
    expect(body.events[0]?.hops.delivered).toHaveLength(1);
    const audited = await hub.db.query(
      `SELECT purpose, detail FROM audit_trail WHERE actor = 'admin:console:e2e-operator' AND action = 'console.person-path.viewed'`,
    );
    expect(audited.rows).toEqual([{ purpose: 'case-review', detail: { subjectId: body.subjectId, events: 1 } }]);
    expect(JSON.stringify(audited.rows)).not.toContain(holder.passportNo);
  });
});
