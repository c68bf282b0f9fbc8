import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { createTestDatabase } from '@hub/persistence';
import {
  aWorkPermitIssuedEvent,
  onboardAgency,
  startWebhookReceiver,
  TEST_ADMIN_TOKEN,
  TEST_AGENCIES,
  TEST_DATABASE_SERVER_URL,
  testHubEnvironment,
  waitUntil,
  type ReceivedRequest,
  type StartedWebhookReceiver,
} from '@hub/testing';
import { DataSource } from 'typeorm';
import { loadHubConfig } from '../../config/hub-config.js';
import { createHubApp } from '../../create-hub-app.js';
import { addConsoleOperator, ConsoleClient } from '../testing/console-client.js';

interface Item {
  id: string;
  source: string;
  subscriptionId: string;
  agency: string;
  eventId: string;
  eventType: string;
  correlationId: string;
}

/**
 * Dead letters in the console over a real hub: a subscriber's endpoint refuses three webhooks
 * (dead letters at once), the console finds them by correlation id, event type, agency and free
 * text, shows a viewer the payload with identifiers masked, refuses the viewer's redrive, and an
 * operator's redrive job delivers two of them to the endpoint (now accepting) and discards the third.
 */
describe('console dead letters', () => {
  let database: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  let url: string;
  let receiver: StartedWebhookReceiver;
  let accepting = false;
  const received: ReceivedRequest[] = [];
  let viewer: ConsoleClient;
  let operator: ConsoleClient;
  let passportNos: string[];
  const correlationId = `corr-console-${Date.now()}`;
  const agency = (id: string): (typeof TEST_AGENCIES)[number] & { contact: string } => ({
    ...(TEST_AGENCIES.find((one) => one.id === id) as (typeof TEST_AGENCIES)[number]),
    contact: 'ops@example.invalid',
  });

  beforeAll(async () => {
    receiver = await startWebhookReceiver((request) => {
      received.push(request);
      return accepting ? { status: 200, body: { ok: true } } : { status: 422, body: { error: 'not now' } };
    });
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'console_dead_letters');
    app = await createHubApp(
      loadHubConfig({
        ...testHubEnvironment(database.url),
        HTTP_PORT: '0',
        HUB_ROLES: 'api,relay,dispatch,audit,console',
        WEBHOOK_BASE_DELAY_MS: '50',
      }),
    );
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await addConsoleOperator(url, TEST_ADMIN_TOKEN, { username: 'viewer1', role: 'viewer', password: 'viewer-password-1' });
    await addConsoleOperator(url, TEST_ADMIN_TOKEN, { username: 'operator1', role: 'operator', password: 'operator-password-1' });
    viewer = await ConsoleClient.logIn(url, 'viewer1', 'viewer-password-1');
    operator = await ConsoleClient.logIn(url, 'operator1', 'operator-password-1');

    const bureau = await onboardAgency(url, TEST_ADMIN_TOKEN, agency('bureau-310000'));
    const psb = await onboardAgency(url, TEST_ADMIN_TOKEN, agency('psb-310000'));
    const subscribed = await fetch(`${url}/v1/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${psb.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'console dead letters',
        eventTypes: [{ type: 'work-permit.issued' }],
        channels: { webhook: { url: receiver.url } },
      }),
    });
    expect(subscribed.status).toBe(201);
    const events = [1, 2, 3].map(() => bureau.sign({ ...aWorkPermitIssuedEvent(), correlationid: correlationId }));
    passportNos = events.map(
      (event) => ((event as Record<string, unknown>)['data'] as { holder: { passportNo: string } }).holder.passportNo,
    );
    const published = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bureau.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    expect(published.status).toBe(202);
    await waitUntil('three dead letters', async () => (await viewer.get('/console/api/dead-letters')).body['total'] === 3, 60_000);
  });
  afterAll(async () => {
    await app?.close();
    await receiver?.close();
    await database?.drop();
  });

  it('finds dead letters by correlation id, event type, agency and text, a page at a time', async () => {
    const all = await viewer.get(`/console/api/dead-letters?correlationId=${correlationId}&eventType=work-permit.issued&agency=psb-310000`);
    expect(all.status).toBe(200);
    const items = all.body['items'] as Item[];
    expect(items).toHaveLength(3);
    expect(items[0]).toMatchObject({ source: 'webhook', agency: 'psb-310000', eventType: 'work-permit.issued', correlationId });
    expect((await viewer.get('/console/api/dead-letters?correlationId=nothing-like-it')).body).toEqual({
      total: 0,
      items: [],
      unavailable: [],
    });
    const paged = await viewer.get(`/console/api/dead-letters?q=${items[1]?.eventId.slice(0, 13) ?? ''}&pageSize=1`);
    expect(paged.body['total']).toBe(1);
    expect((await viewer.get('/console/api/dead-letters?header=ce_type:work-permit.issued')).body['total']).toBe(0);
    const bad = await viewer.get('/console/api/dead-letters?pageSize=500');
    expect(bad.status).toBe(400);
    expect(bad.body['field']).toBe('pageSize');
  });

  it('masks identifiers in the payload for a viewer but not for an operator, with the attempts', async () => {
    const [first] = (await viewer.get('/console/api/dead-letters')).body['items'] as Item[];
    const seen = await viewer.get(`/console/api/dead-letters/${first?.id ?? ''}`);
    expect(seen.status).toBe(200);
    const preview = String(seen.body['payloadPreview']);
    expect(preview).toContain('****');
    for (const passportNo of passportNos) expect(preview).not.toContain(passportNo);
    expect(seen.body['attemptsLog']).toEqual([expect.objectContaining({ status: '422' })]);
    const full = String((await operator.get(`/console/api/dead-letters/${first?.id ?? ''}`)).body['payloadPreview']);
    expect(passportNos.some((passportNo) => full.includes(passportNo))).toBe(true);
  });

  it('refuses a viewer’s redrive and an operator’s without the CSRF token, and redrives and discards by job', async () => {
    const items = (await viewer.get('/console/api/dead-letters')).body['items'] as Item[];
    const ids = items.map((item) => item.id);
    const forbidden = await viewer.post('/console/api/dead-letters/redrive', { ids });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ code: 'ROLE_FORBIDDEN', requiredRole: 'operator' });
    expect((await operator.post('/console/api/dead-letters/redrive', { ids }, { csrf: false })).status).toBe(403);
    expect((await operator.post('/console/api/dead-letters/discard', { ids: [ids[2]] })).body).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'reason',
    });

    accepting = true;
    const redrive = await operator.post('/console/api/dead-letters/redrive', { ids: ids.slice(0, 2) });
    expect(redrive.status).toBe(202);
    expect(redrive.body).toMatchObject({ total: 2, jobId: expect.any(String) });
    const discard = await operator.post('/console/api/dead-letters/discard', { ids: [ids[2]], reason: 'the permit was withdrawn' });
    expect(discard.status).toBe(202);
    const job = async (id: unknown): Promise<Record<string, unknown>> => (await operator.get(`/console/api/jobs/${String(id)}`)).body;
    await waitUntil(
      'both jobs finished',
      async () => (await job(redrive.body['jobId']))['state'] === 'finished' && (await job(discard.body['jobId']))['state'] === 'finished',
      30_000,
    );
    expect(await job(redrive.body['jobId'])).toMatchObject({ kind: 'redrive', total: 2, done: 2, failed: 0 });
    expect(await job(discard.body['jobId'])).toMatchObject({ kind: 'discard', total: 1, done: 1, failed: 0 });
    const redriven = new Set(items.slice(0, 2).map((item) => item.eventId));
    await waitUntil(
      'the redriven events at the endpoint, accepted',
      () => received.filter((request) => redriven.has((JSON.parse(request.body) as { id: string }).id)).length >= 4,
      30_000,
    );
    await waitUntil('no dead letters left', async () => (await viewer.get('/console/api/dead-letters')).body['total'] === 0, 30_000);
    const audited = await app
      .get(DataSource)
      .query<{ action: string; n: number }[]>(
        `SELECT action, count(*)::int AS n FROM audit_trail WHERE actor = 'admin:console:operator1' GROUP BY action ORDER BY action`,
      );
    expect(audited.map((row) => row.action)).toEqual(
      expect.arrayContaining(['console.dead-letters.discard', 'console.dead-letters.redrive']),
    );
    expect(audited.length).toBeGreaterThan(2);
  });
});
