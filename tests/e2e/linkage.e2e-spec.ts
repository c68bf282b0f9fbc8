import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { EVENT_CATALOGUE, exampleEvent } from '@hub/contracts';
import { agencyInboundTopic } from '@hub/messaging';
import { aPermitNo, ensureSubscription, scrapeMetrics, sumOf, testKafkaClient, waitUntil } from '@hub/testing';
import { apiKeyOf, kafkaPasswordOf, publish, startHub, type RunningApp } from '../support/running-apps.js';
import { eventOf } from '../support/agency-inbound.js';
import { startLinkage, type RunningLinkage } from '../support/running-linkage.js';

type Json = Record<string, unknown>;

const holder = { passportNo: 'E12345678', nationality: 'FRA', birthDate: '1988-04-12', name: 'Élodie Marchand' };

/** A fresh event from a contract's published example (its publisher), with `data` fields replaced. */
function anEvent(type: string, data: Json, time: string): Json {
  const contract = EVENT_CATALOGUE.find((c) => c.type === type && c.version === 1);
  if (!contract) throw new Error(`no ${type} v1`);
  const example = exampleEvent(contract);
  return {
    ...example,
    id: randomUUID(),
    time,
    correlationid: `linkage-e2e-${randomUUID()}`,
    data: { ...(example['data'] as Json), ...data },
  };
}

/**
 * The linkage service end to end on the real broker and the real hub: it is the `linkage` agency,
 * subscribed to the canonical events; a bureau and public security publish a work permit, the
 * residence permit resting on it, then the permit's revocation; the service opens public security's
 * residence review with its due date in working days, and its signed linkage.review-required is
 * stored by the hub and delivered to public security's subscription.
 */
describe('linkage service on the hub (rule 1, notice 二(三))', () => {
  let hub: RunningApp;
  let linkage: RunningLinkage;
  let psbSubscription: string;
  const psbSeen: KafkaMessage[] = [];
  let consumer: Consumer;

  beforeAll(async () => {
    hub = await startHub();
    linkage = await startLinkage(hub.url, { asOf: '2026-06-16', env: { METRICS_CACHE_MS: '0' } });
    psbSubscription = (
      await ensureSubscription(hub.url, apiKeyOf(hub.url, 'psb-310000'), {
        name: `linkage conclusions for exit-entry ${randomUUID()}`,
        eventTypes: [{ type: 'linkage.review-required' }, { type: 'linkage.case-resolved' }],
        channels: { kafka: true },
      })
    ).id;
  }, 180_000);
  afterAll(async () => {
    await consumer?.disconnect();
    await linkage?.destroy();
    await hub?.destroy();
  }, 60_000);

  async function readPsbInbound(): Promise<void> {
    const admin = testKafkaClient('linkage-e2e-topics').admin();
    await admin.connect();
    await waitUntil('agency.psb-310000.inbound', async () => (await admin.listTopics()).includes(agencyInboundTopic('psb-310000')), 60_000);
    await admin.disconnect();
    const password = await kafkaPasswordOf('psb-310000', hub.url);
    consumer = testKafkaClient('psb-e2e', { user: 'psb-310000', password }).consumer({
      groupId: `agency.psb-310000.linkage-e2e-${randomUUID()}`,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: agencyInboundTopic('psb-310000'), fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        psbSeen.push(message);
        return Promise.resolve();
      },
    });
  }

  it('opens the residence review for psb-310000 within seconds, due in 10 working days, and its signed conclusion reaches public security through the hub', async () => {
    const permitNo = aPermitNo();
    const residenceNo = `R310000${String(Date.now()).slice(-9)}`;
    const issued = anEvent(
      'work-permit.issued',
      { permitNo, holder, validFrom: '2026-03-01', validTo: '2028-02-29' },
      '2026-02-20T10:00:00+08:00',
    );
    const residence = anEvent(
      'residence-permit.issued',
      { permitNo: residenceNo, holder, workPermitNo: permitNo, issuedOn: '2026-03-10', validFrom: '2026-03-10', validTo: '2028-02-29' },
      '2026-03-10T10:00:00+08:00',
    );
    const revoked = anEvent(
      'work-permit.revoked',
      { permitNo, holder, revokedOn: '2026-06-15', reason: 'false-materials' },
      '2026-06-15T16:00:00+08:00',
    );
    for (const event of [issued, residence, revoked]) expect((await publish(hub.url, event)).status).toBe(202);

    const started = Date.now();
    const review = await waitUntil(
      'the residence review in the linkage service',
      async () =>
        (
          await linkage.db.query<Json>(
            `SELECT id, subject, owner_agency, state, to_char(opened_on, 'YYYY-MM-DD') AS opened_on, to_char(due_date, 'YYYY-MM-DD') AS due_date, caused_by
               FROM cases WHERE kind = 'residence-review' AND case_key LIKE $1`,
            [`%:${permitNo}/%`],
          )
        ).rows[0],
      60_000,
    );
    expect(Date.now() - started).toBeLessThan(30_000);
    // Monday 15 June 2026 + 10 working days: Friday 19 June is the Dragon Boat Festival.
    expect(review).toMatchObject({ owner_agency: 'psb-310000', state: 'open', opened_on: '2026-06-15', due_date: '2026-06-30' });
    expect([...(review['caused_by'] as string[])].sort()).toEqual([issued['id'], residence['id'], revoked['id']].sort());

    const stored = await waitUntil(
      'the conclusion stored by the hub',
      async () =>
        (
          await hub.db.query<{ id: string; agency: string; subject: string; envelope: Json }>(
            `SELECT id, agency, subject, envelope FROM events WHERE type = 'linkage.review-required' AND subject = $1`,
            [review['subject']],
          )
        ).rows[0],
      60_000,
    );
    expect(stored).toMatchObject({ agency: 'linkage', subject: review['subject'] });
    expect(stored.envelope).toMatchObject({
      signature: expect.stringMatching(/^ed25519:linkage-test-k1:/) as unknown,
      data: { ruleId: 'LNK-01-WORK-PERMIT-ENDED', case: { caseId: review['id'], ownerAgency: 'psb-310000', dueDate: '2026-06-30' } },
    });

    await readPsbInbound();
    const delivered = await waitUntil(
      "the conclusion on public security's subscription",
      () => psbSeen.find((message) => eventOf(message)['id'] === stored.id),
      60_000,
    );
    expect(delivered.headers?.['hub-subscription-id']?.toString()).toBe(psbSubscription);
    expect(JSON.parse(delivered.value?.toString() ?? '{}')).toMatchObject({
      type: 'linkage.review-required',
      agency: 'linkage',
      subject: review['subject'],
      data: { outcome: 'review-required', case: { kind: 'residence-review', state: 'open' } },
    });
    const outbox = await linkage.db.query<{ published: boolean; refused: unknown }>(
      'SELECT published_at IS NOT NULL AS published, refused FROM linkage_outbox WHERE event_id = $1',
      [stored.id],
    );
    expect(outbox.rows).toEqual([{ published: true, refused: null }]);
  }, 180_000);

  it('shows in its metrics the events it folded and the cases it holds, as its database does', async () => {
    const count = async (sql: string): Promise<number> => (await linkage.db.query<{ n: number }>(sql)).rows[0]?.n ?? -1;
    // The group read the topic from its start (other suites' deliveries too): compare with the database once both agree.
    const samples = await waitUntil(
      'the folded-events counter equal to the inbox',
      async () => {
        const scraped = await scrapeMetrics(linkage.url);
        return sumOf(scraped, 'linkage_events_folded_total') === (await count('SELECT count(*)::int AS n FROM linkage_inbox')) && scraped;
      },
      60_000,
    );
    expect(sumOf(samples, 'linkage_events_folded_total')).toBeGreaterThanOrEqual(3);
    expect(sumOf(samples, 'agency_adapter_records_total', { outcome: 'applied' })).toBe(sumOf(samples, 'linkage_events_folded_total'));
    const open = await linkage.db.query<{ rule_id: string; n: number }>(
      "SELECT rule_id, count(*)::int AS n FROM cases WHERE state = 'open' GROUP BY rule_id",
    );
    expect(open.rows.length).toBeGreaterThan(0);
    for (const row of open.rows) expect(sumOf(samples, 'linkage_cases', { state: 'open', rule_id: row.rule_id })).toBe(row.n);
    expect(sumOf(samples, 'linkage_cases_opened_total')).toBeGreaterThanOrEqual(1);
    expect(sumOf(samples, 'linkage_outbox_pending')).toBe(
      await count('SELECT count(*)::int AS n FROM linkage_outbox WHERE published_at IS NULL AND refused IS NULL'),
    );
    expect(
      sumOf(samples, 'messaging_client_consumed_messages_total', { messaging_destination_name: agencyInboundTopic('linkage') }),
    ).toBeGreaterThanOrEqual(3);

    expect((await fetch(`${linkage.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${linkage.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, kafka: { status: 'up' } } });
  });
});
