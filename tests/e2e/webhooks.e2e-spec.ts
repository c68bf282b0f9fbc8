import { execFile } from 'node:child_process';
import { createPublicKey, randomUUID, verify } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signWebhookReceipt, verifyHubWebhookSignature } from '@hub/delivery';
import { aWorkPermitIssuedEvent, testSigningKey, waitUntil } from '@hub/testing';
import { HTTP, type CloudEvent } from 'cloudevents';
import { Webhook } from 'standardwebhooks';
import { adminCall, apiKeyOf, publish, startHub, TEST_ADMIN_TOKEN, type RunningApp } from '../support/running-apps.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

type Json = Record<string, unknown>;

/**
 * Webhook delivery through the whole hub, on the real broker and database, to a real HTTP receiver
 * that fails, times out, rejects and recovers: signed requests, every event delivered once in
 * effect and in per-subject order with receipts stored, dead letters listed, redriven and discarded
 * through the ops API and the CLI (in chunks), every step audited.
 */
describe('subscriptions delivered by signed webhook', () => {
  let hub: RunningApp;
  const receiver = new WebhookReceiver();
  let receiverUrl: string;
  let hubPublicKey: string;
  let standardWebhooksPublicKey: string;

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    hub = await startHub({
      env: { WEBHOOK_BASE_DELAY_MS: '50', WEBHOOK_MAX_DELAY_MS: '200', WEBHOOK_MAX_ATTEMPTS: '4', WEBHOOK_TIMEOUT_MS: '800' },
    });
    const key = (await (await fetch(`${hub.url}/v1/webhooks/signing-key`)).json()) as Record<string, string>;
    expect(key['keyId']).toBe('hub-webhook-1');
    hubPublicKey = key['publicKey'] ?? '';
    standardWebhooksPublicKey = key['standardWebhooksPublicKey'] ?? '';
  });
  afterAll(async () => {
    await hub?.destroy();
    await receiver.stop();
  });

  async function subscribe(agency: string, eventTypes: string[], path: string): Promise<string> {
    const response = await fetch(`${hub.url}/v1/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKeyOf(hub.url, agency)}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: `${agency} webhook`,
        eventTypes: eventTypes.map((type) => ({ type })),
        channels: { webhook: { url: `${receiverUrl}${path}` } },
      }),
    });
    const body = (await response.json()) as Json;
    expect(response.status).toBe(201);
    return body['id'] as string;
  }

  it('delivers through failures and a timeout, signed, once in effect, in order, with receipts stored', async () => {
    const subscription = await subscribe('psb-310000', ['work-permit.issued', 'work-permit.revoked'], '/psb-310000/events');
    receiver.script('/psb-310000/events', ['fail', 'timeout', 'fail', 'ok', 'ok', 'ok']);
    const holder = { passportNo: `W${String(Date.now()).slice(-8)}`, nationality: 'FRA', birthDate: '1990-01-01', name: 'Webhook Person' };
    const events = [0, 1, 2].map(() => aWorkPermitIssuedEvent({ data: { holder } }));
    for (const event of events) expect((await publish(hub.url, event)).status).toBe(202);

    await waitUntil('three deliveries acknowledged', async () => {
      const rows = await hub.db.query('SELECT 1 FROM webhook_deliveries WHERE subscription_id = $1 AND acknowledged_at IS NOT NULL', [
        subscription,
      ]);
      return rows.rowCount === 3;
    });
    const requests = receiver.at('/psb-310000/events');
    const verified = requests.map((request) =>
      verifyHubWebhookSignature({ headers: request.headers, body: request.body, publicKeys: { 'hub-webhook-1': hubPublicKey } }),
    );
    // Retries of one delivery keep its id and idempotency key; the first delivery was retried three times.
    expect(verified.map((v) => v.sequence)).toEqual([1, 1, 1, 1, 2, 3]);
    expect(new Set(verified.map((v) => v.idempotencyKey)).size).toBe(3);
    const applied = requests.filter((_, i) => i >= 3).map((request) => (JSON.parse(request.body) as { id: string }).id);
    expect(applied).toEqual(events.map((event) => event['id']));
    expect(requests.every((request) => request.headers['hub-subscription-id'] === subscription)).toBe(true);
    expect(JSON.parse(requests[3]?.body ?? '{}')).toMatchObject({
      type: 'work-permit.issued',
      data: { holder: { passportNo: holder.passportNo } },
    });
    expect(JSON.parse(requests[3]?.body ?? '{}')).not.toHaveProperty('signature');

    const unacknowledged = await adminCall(hub.url, 'GET', `/v1/admin/deliveries/unacknowledged?subscriptionId=${subscription}`);
    expect(unacknowledged['items']).toEqual([]);
    const receipts = await hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_receipts');
    expect(receipts.rows[0]?.n).toBe(3);
    const purposes = await hub.db.query<{ purpose: string }>(
      `SELECT DISTINCT purpose FROM audit_trail WHERE action LIKE 'delivery.%' AND detail->>'subscriptionId' = $1`,
      [subscription],
    );
    expect(purposes.rows).toEqual([{ purpose: 'exit-entry-administration' }]);
  });

  it('lists a delivery without a receipt as unacknowledged until the agency acknowledges it', async () => {
    const subscription = await subscribe('mfa', ['work-permit.notice-issued'], '/mfa/events');
    receiver.script('/mfa/events', ['ok-without-receipt']);
    const { exampleEvent, EVENT_CATALOGUE } = await import('@hub/contracts');
    const notice = { ...(exampleEvent(EVENT_CATALOGUE.find((c) => c.type === 'work-permit.notice-issued')!) as Json), id: randomUUID() };
    expect((await publish(hub.url, notice)).status).toBe(202);

    const listed = await waitUntil('an unacknowledged delivery', async () => {
      const page = await adminCall(hub.url, 'GET', `/v1/admin/deliveries/unacknowledged?subscriptionId=${subscription}`);
      const items = page['items'] as { deliveryId: string }[];
      return items.length === 1 && items;
    });
    const deliveryId = listed[0]?.deliveryId ?? '';
    const { keyId, privateKey } = testSigningKey('mfa');
    const receipt = signWebhookReceipt(
      { deliveryId, eventId: notice['id'], agency: 'mfa', receivedAt: new Date().toISOString() },
      { alg: 'ed25519', keyId, privateKey },
    );
    const ack = (agency: string, body: unknown): Promise<Response> =>
      fetch(`${hub.url}/v1/deliveries/${deliveryId}/ack`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKeyOf(hub.url, agency)}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await ack('credit', { receipt })).status).toBe(404);
    expect((await ack('mfa', { receipt: { ...receipt, receivedAt: 'yesterday' } })).status).toBe(422);
    const accepted = await ack('mfa', { receipt });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ outcome: 'acknowledged', status: 'delivered' });
    expect((await adminCall(hub.url, 'GET', `/v1/admin/deliveries/unacknowledged?subscriptionId=${subscription}`))['items']).toEqual([]);
  });

  it('dead-letters a rejected delivery without blocking other subjects, then redrives and discards through the ops API', async () => {
    const subscription = await subscribe('credit', ['work-permit.issued'], '/credit/events');
    receiver.script('/credit/events', ['reject', 'ok', 'reject']);
    const poison = aWorkPermitIssuedEvent();
    const other = aWorkPermitIssuedEvent();
    expect((await publish(hub.url, poison)).status).toBe(202);
    await waitUntil('the first request', () => receiver.at('/credit/events').length >= 1);
    expect((await publish(hub.url, other)).status).toBe(202);

    const dead = await waitUntil('a dead letter', async () => {
      const page = await adminCall(hub.url, 'GET', `/v1/admin/deliveries/dead-letters?agencyId=credit`);
      const items = page['items'] as { deliveryId: string; eventId: string; deadReason: string }[];
      return items.length === 1 && items;
    });
    expect(dead[0]).toMatchObject({ eventId: poison['id'], deadReason: 'REJECTED_BY_RECEIVER' });
    await waitUntil('the other subject delivered', () =>
      receiver.at('/credit/events').some((request) => (JSON.parse(request.body) as { id: string }).id === other['id']),
    );
    const details = await adminCall(hub.url, 'GET', `/v1/admin/deliveries/${dead[0]?.deliveryId}`);
    expect(details).toMatchObject({ subscriptionId: subscription, status: 'dead' });

    expect(await adminCall(hub.url, 'POST', '/v1/admin/deliveries/redrive', { filter: { agencyId: 'credit' } })).toEqual({
      redriven: 1,
      remaining: 0,
    });
    await waitUntil('the redriven delivery rejected again', async () => {
      const page = await adminCall(hub.url, 'GET', `/v1/admin/deliveries/dead-letters?agencyId=credit`);
      return (page['items'] as unknown[]).length === 1 && receiver.at('/credit/events').length >= 3;
    });
    expect(
      await adminCall(hub.url, 'POST', '/v1/admin/deliveries/discard', {
        deliveryId: dead[0]?.deliveryId,
        reason: 'credit cannot take permits of this class',
      }),
    ).toEqual({
      discarded: 1,
      remaining: 0,
    });
    expect((await adminCall(hub.url, 'GET', `/v1/admin/deliveries/dead-letters?agencyId=credit`))['items']).toEqual([]);
    const audited = await hub.db.query<{ action: string; actor: string }>(
      `SELECT action, actor FROM audit_trail WHERE detail->>'deliveryId' = $1 ORDER BY seq, leaf`,
      [dead[0]?.deliveryId],
    );
    expect(audited.rows.map((row) => row.action)).toEqual([
      'delivery.dead-lettered',
      'delivery.redriven',
      'delivery.dead-lettered',
      'delivery.discarded',
    ]);
    expect(audited.rows[1]?.actor).toBe('admin:test-operator');
  });

  it('redrives a limited number through the API, then the rest in chunks through the CLI, one subject in sequence order', async () => {
    const subscription = await subscribe('credit', ['work-permit.issued'], '/credit/chunked');
    receiver.script('/credit/chunked', ['reject', 'reject', 'reject']);
    const holder = { passportNo: `C${String(Date.now()).slice(-8)}`, nationality: 'ITA', birthDate: '1985-05-05', name: 'Chunked Person' };
    for (const event of [0, 1, 2].map(() => aWorkPermitIssuedEvent({ data: { holder } }))) {
      expect((await publish(hub.url, event)).status).toBe(202);
    }
    const deadLetters = `/v1/admin/deliveries/dead-letters?subscriptionId=${subscription}`;
    await waitUntil('three dead letters', async () => ((await adminCall(hub.url, 'GET', deadLetters))['items'] as unknown[]).length === 3);

    const redrive = (body: unknown): Promise<Response> =>
      fetch(`${hub.url}/v1/admin/deliveries/redrive`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json', 'x-admin-id': 'test-operator' },
        body: JSON.stringify(body),
      });
    for (const [body, rule] of [
      [{ filter: { subscriptionId: subscription }, limit: 0 }, 'isInt'],
      [{ all: true, limit: '10' }, 'isInt'],
      [{ deliveryId: randomUUID(), limit: 1 }, 'bulkOnly'],
    ] as const) {
      const refused = await redrive(body);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', issues: [{ path: 'limit', rule }] } });
    }
    const limited = await redrive({ filter: { subscriptionId: subscription }, limit: 1 });
    expect(await limited.json()).toEqual({ redriven: 1, remaining: 2 });

    // The hub runs in this process: the CLI must be awaited, never run synchronously.
    const cli = await promisify(execFile)(
      process.execPath,
      ['dist/scripts/hub-cli/cli.js', 'deliveries', 'redrive', '--subscription', subscription, '--chunk', '1'],
      { env: { ...process.env, HUB_URL: hub.url, ADMIN_TOKEN: TEST_ADMIN_TOKEN, HUB_ADMIN_ID: 'cli.tester' } },
    );
    expect(JSON.parse(cli.stdout)).toEqual({ redriven: 2, remaining: 0 });
    expect(cli.stderr.trim().split('\n')).toHaveLength(2);

    await waitUntil('all three delivered', async () => {
      const rows = await hub.db.query('SELECT 1 FROM webhook_deliveries WHERE subscription_id = $1 AND acknowledged_at IS NOT NULL', [
        subscription,
      ]);
      return rows.rowCount === 3;
    });
    const accepted = receiver
      .at('/credit/chunked')
      .slice(3)
      .map((request) => Number(request.headers['hub-sequence']));
    expect(accepted).toEqual([1, 2, 3]);
    const audited = await hub.db.query<{ actor: string; n: number }>(
      `SELECT actor, count(*)::int AS n FROM audit_trail WHERE action = 'delivery.redriven' AND detail->>'subscriptionId' = $1
        GROUP BY actor ORDER BY actor`,
      [subscription],
    );
    expect(audited.rows).toEqual([
      { actor: 'admin:cli.tester', n: 2 },
      { actor: 'admin:test-operator', n: 1 },
    ]);
  });

  it('sends CloudEvents the SDK reads, verifiable with Standard Webhooks libraries by the subscription secret and the hub key, across a rotation', async () => {
    const path = '/psb-310000/standard';
    const created = await fetch(`${hub.url}/v1/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKeyOf(hub.url, 'psb-310000')}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'standard webhooks',
        eventTypes: [{ type: 'work-permit.issued' }],
        channels: { webhook: { url: `${receiverUrl}${path}` } },
      }),
    });
    expect(created.status).toBe(201);
    const subscription = (await created.json()) as { id: string; channels: { webhook: { url: string; secret: string } } };
    const made = subscription.channels.webhook.secret;
    expect(made).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const shown = await fetch(`${hub.url}/v1/subscriptions/${subscription.id}`, {
      headers: { authorization: `Bearer ${apiKeyOf(hub.url, 'psb-310000')}` },
    });
    expect(((await shown.json()) as Json)['channels']).toEqual({ kafka: false, webhook: { url: `${receiverUrl}${path}` } });
    const stored = await hub.db.query<{ secret: string }>('SELECT secret FROM webhook_secrets WHERE subscription_id = $1', [
      subscription.id,
    ]);
    expect(stored.rows[0]?.secret).not.toContain(made.slice(6));

    const delivered = async (event: Json): Promise<{ headers: Record<string, string>; body: string }> => {
      expect((await publish(hub.url, event)).status).toBe(202);
      const request = await waitUntil(`the delivery of ${String(event['id'])}`, () =>
        receiver.at(path).find((r) => r.answered === 200 && r.body.includes(String(event['id']))),
      );
      return { headers: request.headers as Record<string, string>, body: request.body };
    };
    const first = aWorkPermitIssuedEvent();
    const request = await delivered(first);
    const cloudEvent = HTTP.toEvent(request) as CloudEvent<{ permitNo: string }>;
    expect(cloudEvent).toMatchObject({ id: first['id'], type: 'work-permit.issued', specversion: '1.0' });
    expect(cloudEvent.data?.permitNo).toBe((first['data'] as { permitNo: string }).permitNo);
    expect(new Webhook(made).verify(request.body, request.headers)).toMatchObject({ id: first['id'] });
    expect(verifiesV1a(request, standardWebhooksPublicKey)).toBe(true);

    const chosen = `whsec_${Buffer.from('an agency-chosen secret of 32 b.').toString('base64')}`;
    const rotated = await fetch(`${hub.url}/v1/subscriptions/${subscription.id}/webhook-secret`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKeyOf(hub.url, 'psb-310000')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ secret: chosen }),
    });
    expect(rotated.status).toBe(200);
    const rotation = (await rotated.json()) as { previousValidUntil: string; secret?: string };
    expect(rotation.secret).toBeUndefined();
    expect(Date.parse(rotation.previousValidUntil) - Date.now()).toBeGreaterThan(23 * 3600_000);
    const second = aWorkPermitIssuedEvent();
    const after = await delivered(second);
    expect(new Webhook(chosen).verify(after.body, after.headers)).toMatchObject({ id: second['id'] });
    expect(new Webhook(made).verify(after.body, after.headers)).toMatchObject({ id: second['id'] });
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(after.body, after.headers)).toThrow();
    const audited = await hub.db.query(
      `SELECT 1 FROM audit_trail WHERE action = 'subscription.webhook-secret-rotated' AND detail->>'subscriptionId' = $1`,
      [subscription.id],
    );
    expect(audited.rowCount).toBe(1);
  });
});

/** The Standard Webhooks `v1a` check, as the specification defines it: Ed25519 over `<webhook-id>.<webhook-timestamp>.<body>`, key `whpk_` + base64. */
function verifiesV1a(request: { headers: Record<string, string>; body: string }, whpk: string): boolean {
  const x = Buffer.from(whpk.replace(/^whpk_/, ''), 'base64').toString('base64url');
  const key = createPublicKey({ format: 'jwk', key: { kty: 'OKP', crv: 'Ed25519', x } });
  const signed = Buffer.from(`${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.${request.body}`);
  const signatures = (request.headers['webhook-signature'] ?? '').split(' ').filter((entry) => entry.startsWith('v1a,'));
  return signatures.length === 1 && signatures.every((entry) => verify(null, signed, key, Buffer.from(entry.slice(4), 'base64')));
}
