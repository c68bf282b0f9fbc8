import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { EVENT_CATALOGUE, exampleEvent, INBOUND_HEADERS } from '@hub/contracts';
import { agencyInboundTopic } from '@hub/messaging';
import { canLogIn, testKafkaClient, waitUntil } from '@hub/testing';
import { adminCall, apiKeyOf, kafkaPasswordOf, publish, startHub, TEST_ADMIN_TOKEN, type RunningApp } from '../support/running-apps.js';

type Json = Record<string, unknown>;

/** A fresh event from a contract's published example (its publisher, region 310115), with `overrides`. */
function anEvent(type: string, version: number, overrides: Json = {}): Json {
  const contract = EVENT_CATALOGUE.find((c) => c.type === type && c.version === version);
  if (!contract) throw new Error(`no ${type} v${version}`);
  return { ...exampleEvent(contract), id: randomUUID(), correlationid: `linkage-${randomUUID()}`, ...overrides };
}

/**
 * The linkage service as an agency of the hub: onboarded through the admin API (API key, Ed25519
 * signing key, SCRAM user with ACLs on agency.linkage.inbound and groups agency.linkage.*), it
 * subscribes under its own purpose, receives facts without raw identifiers on its inbound topic, and
 * publishes its conclusions about a subject, which reach public security by subscription.
 */
describe('the linkage agency', () => {
  let hub: RunningApp;
  let password: string;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    // startHub onboards every test agency, the linkage service among them, through the admin API.
    hub = await startHub();
    password = await kafkaPasswordOf('linkage', hub.url);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.disconnect()));
    await hub?.destroy();
  }, 60_000);

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

  /** Reads `agency`'s inbound topic from the start as that agency, in a group of its own under its prefix. */
  async function readInbound(agency: string, agencyPassword: string, group: string, seen: KafkaMessage[]): Promise<void> {
    // The hub makes the inbound topic with the first delivery to it.
    const admin = testKafkaClient('linkage-e2e-topics').admin();
    await admin.connect();
    await waitUntil(`topic ${agencyInboundTopic(agency)}`, async () => (await admin.listTopics()).includes(agencyInboundTopic(agency)));
    await admin.disconnect();
    const consumer = testKafkaClient(`${agency}-e2e`, { user: agency, password: agencyPassword }).consumer({ groupId: group });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: agencyInboundTopic(agency), fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        seen.push(message);
        return Promise.resolve();
      },
    });
  }

  /** The event a record holds; other suites on the shared broker also write records that are not events (poison-record tests). */
  const eventOf = (message: KafkaMessage): Json => {
    try {
      return JSON.parse(message.value?.toString() ?? '{}') as Json;
    } catch {
      return {};
    }
  };
  const find = (seen: readonly KafkaMessage[], id: unknown): Json | undefined => seen.map(eventOf).find((event) => event['id'] === id);

  it('is a national agency of kind linkage, with its signing key, an API key and a Kafka login', async () => {
    const shown = await adminCall(hub.url, 'GET', '/v1/admin/agencies/linkage');
    expect(shown).toMatchObject({ id: 'linkage', kind: 'linkage', region: null, status: 'active' });
    expect(JSON.stringify(shown)).toContain('linkage-test-k1');
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await canLogIn('linkage', password)).toBe(true);
    const provincial = await fetch(`${hub.url}/v1/admin/agencies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'linkage-310000', kind: 'linkage', region: '310000', nameZh: '衔接', nameEn: 'Linkage', contact: 'ops' }),
    });
    // A national kind has no province: one linkage service, agency id linkage.
    expect(provincial.status).toBe(400);
  });

  it('receives the facts it subscribed to on agency.linkage.inbound, without raw identifiers except where a rule needs them', async () => {
    const created = await asAgency('linkage', 'POST', '/v1/subscriptions', {
      name: `linkage chain ${randomUUID()}`,
      eventTypes: [{ type: 'work-permit.issued', version: 2 }, { type: 'work-permit.commitment-verified' }],
      channels: { kafka: true },
    });
    expect(created).toMatchObject({ status: 201, body: { agency: 'linkage', status: 'active', purpose: 'linkage-supervision' } });
    const issued = anEvent('work-permit.issued', 2);
    const verified = anEvent('work-permit.commitment-verified', 1);
    for (const event of [issued, verified]) expect((await publish(hub.url, event)).body.events?.[0]?.status).toBe('accepted');

    const seen: KafkaMessage[] = [];
    await readInbound('linkage', password, `agency.linkage.linkage-service.e2e-${randomUUID()}`, seen);
    const [permit, verification] = await waitUntil('both facts at the linkage service', () => {
      const found = [find(seen, issued['id']), find(seen, verified['id'])];
      return found.every(Boolean) ? found : undefined;
    });
    const subscriptionHeader = seen.find((m) => eventOf(m)['id'] === issued['id'])?.headers?.[INBOUND_HEADERS.subscriptionId]?.toString();
    expect(subscriptionHeader).toBe(created.body['id']);
    // The permit by its number, the person by subject id only.
    expect(permit).toMatchObject({ subject: expect.stringMatching(/^sub_[0-9a-f]{32}$/), data: { permitNo: '310000202600001234' } });
    expect((permit?.['data'] as Json)['holder']).toEqual({ nationality: 'FRA' });
    // A commitment found untrue is published as credit.commitment-breached, which names the holder.
    expect((verification?.['data'] as Json)['holder']).toMatchObject({ passportNo: 'E12345678', birthDate: '1988-04-12' });
    expect(verification?.['subject']).toBe(permit?.['subject']);
  }, 120_000);

  it('publishes a conclusion about a subject, signed with its own key, and public security receives it', async () => {
    const psbSubscription = await asAgency('psb-310000', 'POST', '/v1/subscriptions', {
      name: `linkage cases ${randomUUID()}`,
      eventTypes: [{ type: 'linkage.review-required' }],
      channels: { kafka: true },
    });
    expect(psbSubscription.status).toBe(201);
    const subject = `sub_${randomUUID().replaceAll('-', '')}`;
    const conclusion = anEvent('linkage.review-required', 1, { subject });
    const answer = await publish(hub.url, conclusion);
    expect(answer).toMatchObject({ status: 202, body: { events: [{ id: conclusion['id'], status: 'accepted' }] } });

    const psbSeen: KafkaMessage[] = [];
    await readInbound('psb-310000', await kafkaPasswordOf('psb-310000', hub.url), `agency.psb-310000.linkage-e2e-${randomUUID()}`, psbSeen);
    const delivered = await waitUntil('the conclusion at public security', () => find(psbSeen, conclusion['id']));
    expect(delivered).toMatchObject({
      type: 'linkage.review-required',
      agency: 'linkage',
      subject,
      data: {
        ruleId: 'LNK-01-WORK-PERMIT-ENDED',
        outcome: 'review-required',
        case: { kind: 'residence-review', ownerAgency: 'psb-310000' },
      },
    });
  }, 120_000);

  it('may publish only its own conclusions and breached commitments, each about a named subject', async () => {
    const withoutSubject = anEvent('linkage.review-required', 1);
    delete withoutSubject['subject'];
    const refused = await publish(hub.url, withoutSubject);
    expect(refused.status).toBe(400);
    expect(refused.body.error?.issues?.map((issue) => `${issue.path}:${issue.rule}`)).toEqual(['subject:isDefined']);

    const violation = anEvent('credit.violation-recorded', 2, { agency: 'linkage', source: 'urn:hub:agency:linkage' });
    expect((await publish(hub.url, violation)).status).toBe(403);
    const breach = anEvent('credit.commitment-breached', 1, { agency: 'linkage', source: 'urn:hub:agency:linkage' });
    expect((await publish(hub.url, breach)).body.events?.[0]?.status).toBe('accepted');
  });

  it('reads no topic but its own inbound one: not the canonical topic of its conclusions', async () => {
    const superAdmin = testKafkaClient('linkage-e2e-admin').admin();
    await superAdmin.connect();
    expect(await superAdmin.listTopics()).toContain('hub.linkage.events');
    await superAdmin.disconnect();
    const admin = testKafkaClient('linkage-e2e-probe', { user: 'linkage', password, retry: { retries: 0 } }).admin();
    await admin.connect();
    await expect(admin.fetchTopicOffsets('hub.linkage.events')).rejects.toThrow(/authoriz/i);
    await admin.disconnect();
  });
});
