import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE, exampleEvent } from '@hub/contracts';
import { agencyInboundTopic } from '@hub/messaging';
import { canLogIn, collectingConsumer, testKafkaClient, waitUntil } from '@hub/testing';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import { adminCall, apiKeyOf, kafkaPasswordOf, publish, startHub, TEST_ADMIN_TOKEN, type RunningApp } from '../support/running-apps.js';

type Json = Record<string, unknown>;

const OFFBOARDED = 'credit';
const REACTIVATED = 'moe';
const WITNESS = 'psb-310000';
/** Offboarded by the conflict test itself, so it needs no other test to have run. */
const ALREADY_OFFBOARDED = 'tax';

const workPermitIssued = (): Json => {
  const contract = EVENT_CATALOGUE.find((c) => c.type === 'work-permit.issued' && c.version === 1);
  if (!contract) throw new Error('no work-permit.issued v1');
  return { ...(exampleEvent(contract) as Json), id: randomUUID(), correlationid: `offboarding-${randomUUID()}` };
};

/** Offboarding (final) and reactivation after a suspension, on the real hub, broker and database. */
describe('offboarding and reactivating agencies', () => {
  let hub: RunningApp;
  const receiver = new WebhookReceiver();
  let receiverUrl = '';
  const producer = testKafkaClient('offboarding-test').producer();

  async function asAgency(agency: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
    const response = await fetch(`${hub.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKeyOf(hub.url, agency)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  }

  async function asAdmin(path: string, body: unknown): Promise<{ status: number; body: Json }> {
    const response = await fetch(`${hub.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  }

  async function subscribeToWorkPermits(agency: string, channels: Json = { kafka: true }): Promise<string> {
    const created = await asAgency(agency, 'POST', '/v1/subscriptions', {
      name: `${agency} offboarding test`,
      eventTypes: [{ type: 'work-permit.issued' }],
      channels,
    });
    expect(created).toMatchObject({ status: 201, body: { agency, status: 'active' } });
    return String(created.body['id']);
  }

  async function routedTo(subscriptionId: string, eventId: string): Promise<boolean> {
    const rows = await hub.db.query('SELECT 1 FROM subscription_deliveries WHERE subscription_id = $1 AND event_id = $2', [
      subscriptionId,
      eventId,
    ]);
    return (rows.rowCount ?? 0) > 0;
  }

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    hub = await startHub({ env: { WEBHOOK_BASE_DELAY_MS: '200', WEBHOOK_MAX_DELAY_MS: '1000', WEBHOOK_MAX_ATTEMPTS: '100' } });
    const admin = testKafkaClient('offboarding-test').admin();
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const topics = [agencyInboundTopic(OFFBOARDED), agencyInboundTopic(REACTIVATED)].filter((topic) => !existing.has(topic));
    if (topics.length > 0) await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 3 })), waitForLeaders: true });
    await admin.disconnect();
    await producer.connect();
  }, 120_000);
  afterAll(async () => {
    await producer.disconnect();
    await hub?.destroy();
    await receiver.stop();
  }, 60_000);

  it('offboards for good: Kafka login refused and an open consumer cut off, API key 401, subscriptions get nothing more', async () => {
    const mine = await subscribeToWorkPermits(OFFBOARDED);
    const witness = await subscribeToWorkPermits(WITNESS);
    // A webhook endpoint that keeps failing, so its delivery stays pending and retried until offboarding.
    const hookPath = `/${OFFBOARDED}/events`;
    receiver.script(
      hookPath,
      Array.from({ length: 10_000 }, () => 'fail' as const),
    );
    const hooked = await subscribeToWorkPermits(OFFBOARDED, { webhook: { url: `${receiverUrl}${hookPath}` } });
    const seen: string[] = [];
    const password = await kafkaPasswordOf(OFFBOARDED, hub.url);
    const consumer = await collectingConsumer(
      OFFBOARDED,
      password,
      agencyInboundTopic(OFFBOARDED),
      `agency.${OFFBOARDED}.offboarding-${randomUUID()}`,
      seen,
    );
    let crashedAt: number | undefined;
    let crash = '';
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      crashedAt ??= Date.now();
      crash = String(payload.error);
    });
    try {
      const before = workPermitIssued();
      expect((await publish(hub.url, before)).status).toBe(202);
      await waitUntil('the event delivered to the open consumer', () => seen.some((value) => value.includes(String(before['id']))), 60_000);
      await waitUntil('webhook attempts failing', () => receiver.at(hookPath).length >= 2, 60_000);

      const offboardedAt = Date.now();
      const answer = await adminCall(hub.url, 'POST', `/v1/admin/agencies/${OFFBOARDED}/offboard`, { reason: 'left the programme' });
      expect(answer).toMatchObject({
        id: OFFBOARDED,
        status: 'offboarded',
        withdrawn: {
          apiKeysRevoked: 1,
          signingKeysRetired: 1,
          subscriptionsEnded: 2,
          certificatesRevoked: 0,
          webhookDeliveriesDiscarded: 1,
        },
      });

      await waitUntil('the open consumer to be cut off', () => Promise.resolve(crashedAt !== undefined), 30_000, 100);
      expect((crashedAt ?? Infinity) - offboardedAt).toBeLessThan(15_000);
      expect(crash).toMatch(/SASL|authentication|Authorization/i);
      expect(await canLogIn(OFFBOARDED, password)).toBe(false);
      expect((await asAgency(OFFBOARDED, 'GET', '/v1/subscriptions')).status).toBe(401);

      const after = workPermitIssued();
      expect((await publish(hub.url, after)).status).toBe(202);
      await waitUntil('the later event routed to the witness subscription', () => routedTo(witness, String(after['id'])), 60_000);
      expect(await routedTo(mine, String(before['id']))).toBe(true);
      expect(await routedTo(mine, String(after['id']))).toBe(false);
      expect(seen.some((value) => value.includes(String(after['id'])))).toBe(false);
      expect(await routedTo(hooked, String(after['id']))).toBe(false);
      // The pending webhook delivery was discarded; no attempt started after that.
      const hook = await hub.db.query<{ status: string; reason: string; later: number }>(
        `SELECT d.status, d.discard_reason AS reason,
                (SELECT count(*)::int FROM webhook_delivery_attempts a WHERE a.delivery_id = d.id AND a.started_at > d.discarded_at) AS later
           FROM webhook_deliveries d WHERE d.subscription_id = $1`,
        [hooked],
      );
      expect(hook.rows).toEqual([{ status: 'discarded', reason: 'agency offboarded', later: 0 }]);
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }

    // Its public key stays, retired: it still verifies what the agency signed, and signs nothing new.
    const details = await adminCall(hub.url, 'GET', `/v1/admin/agencies/${OFFBOARDED}`);
    expect(details['signingKeys']).toEqual([expect.objectContaining({ keyId: `${OFFBOARDED}-test-k1`, status: 'retired' })]);
    const audit = await hub.db.query<{ action: string; detail: Json }>(
      `SELECT action, detail FROM audit_trail WHERE action IN ('agency.offboarded', 'kafka-credentials.revoked') AND detail->>'agencyId' = $1 ORDER BY seq, leaf`,
      [OFFBOARDED],
    );
    expect(audit.rows).toEqual([
      { action: 'agency.offboarded', detail: expect.objectContaining({ reason: 'left the programme', previousStatus: 'active' }) },
      { action: 'kafka-credentials.revoked', detail: expect.objectContaining({ reason: 'agency offboarded' }) },
    ]);
  }, 180_000);

  it('answers a second offboarding, a reactivation and a suspension of an offboarded agency with 409 and why', async () => {
    expect(
      await adminCall(hub.url, 'POST', `/v1/admin/agencies/${ALREADY_OFFBOARDED}/offboard`, { reason: 'left the programme' }),
    ).toMatchObject({
      status: 'offboarded',
    });
    const again = await asAdmin(`/v1/admin/agencies/${ALREADY_OFFBOARDED}/offboard`, { reason: 'twice' });
    expect(again.status).toBe(409);
    expect(again.body['error']).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/cannot be offboarded again/) });
    const back = await asAdmin(`/v1/admin/agencies/${ALREADY_OFFBOARDED}/reactivate`, { reason: 'changed our minds' });
    expect(back.status).toBe(409);
    expect(back.body['error']).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/offboarded, which is final: it cannot be reactivated/),
    });
    expect((await asAdmin(`/v1/admin/agencies/${ALREADY_OFFBOARDED}/suspend`, { reason: 'x' })).status).toBe(409);
    expect((await asAdmin(`/v1/admin/agencies/${ALREADY_OFFBOARDED}/offboard`, {})).status).toBe(400);
    expect((await asAdmin(`/v1/admin/agencies/nobody/offboard`, { reason: 'x' })).status).toBe(404);
  }, 60_000);

  it('reactivates a suspended agency: the new password reads again, the old one stays refused, its API key works again', async () => {
    const topic = agencyInboundTopic(REACTIVATED);
    const oldPassword = await kafkaPasswordOf(REACTIVATED, hub.url);
    expect((await asAdmin(`/v1/admin/agencies/${REACTIVATED}/reactivate`, { reason: 'not suspended' })).status).toBe(409);
    await adminCall(hub.url, 'POST', `/v1/admin/agencies/${REACTIVATED}/suspend`, { reason: 'audit pending' });
    expect(await canLogIn(REACTIVATED, oldPassword)).toBe(false);
    expect((await asAgency(REACTIVATED, 'GET', '/v1/subscriptions')).status).toBe(401);

    const reactivated = await adminCall(hub.url, 'POST', `/v1/admin/agencies/${REACTIVATED}/reactivate`, { reason: 'audit passed' });
    expect(reactivated).toMatchObject({ id: REACTIVATED, status: 'active', kafka: { username: REACTIVATED, inboundTopic: topic } });
    const newPassword = String((reactivated['kafka'] as Json)['password']);
    expect(newPassword).not.toBe(oldPassword);
    expect(await canLogIn(REACTIVATED, oldPassword)).toBe(false);
    expect((await asAgency(REACTIVATED, 'GET', '/v1/subscriptions')).status).toBe(200);

    const marker = `reactivated-${randomUUID()}`;
    await producer.send({ topic, acks: -1, messages: [{ value: marker }] });
    const seen: string[] = [];
    const consumer = await collectingConsumer(REACTIVATED, newPassword, topic, `agency.${REACTIVATED}.offboarding-${randomUUID()}`, seen);
    try {
      await waitUntil('the new password reads again', () => Promise.resolve(seen.includes(marker)), 60_000);
    } finally {
      await consumer.disconnect();
    }
    const audit = await hub.db.query<{ action: string }>(
      `SELECT action FROM audit_trail WHERE detail->>'agencyId' = $1 AND action IN ('agency.suspended', 'agency.reactivated', 'kafka-credentials.created') ORDER BY seq, leaf`,
      [REACTIVATED],
    );
    expect(audit.rows.map((row) => row.action)).toEqual([
      'kafka-credentials.created',
      'agency.suspended',
      'agency.reactivated',
      'kafka-credentials.created',
    ]);
  }, 120_000);
});
