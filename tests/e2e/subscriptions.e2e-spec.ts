import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CANONICAL_TOPIC_NAMES, EVENT_CATALOGUE, exampleEvent, KAFKA_HEADERS } from '@hub/contracts';
import { RAW_IDENTIFIER_FIELDS, signEvent } from '@hub/identity';
import { agencyInboundTopic } from '@hub/messaging';
import { cloudEventProblem, testSigningKey, waitUntil, testKafkaClient } from '@hub/testing';
import type { Message } from 'kafkajs';
import { adminCall, apiKeyOf, publish, startHub, type RunningApp } from '../support/running-apps.js';

type Json = Record<string, unknown>;
interface Delivered {
  readonly headers: Record<string, string>;
  readonly key: string;
  readonly event: Json & { data: Json; type: string; id: string };
}
interface PolicyDocument {
  version: number;
  subscribe: { agencyKinds: string[]; eventTypes: string[] }[];
}
interface PolicyProjection {
  readonly subscriberKinds: string[];
  readonly fields: string[];
  readonly rawIdentifiers: boolean;
}

const POLICY = JSON.parse(readFileSync('config/policy/policy.v1.json', 'utf8')) as { projections: PolicyProjection[] };
const DOCUMENT_NUMBERS = ['permitNo', 'noticeNo', 'visaNo', 'cardNo', 'workPermitNo'];

/** Every leaf path under `data` (`holder.passportNo`, `members.0.name`). */
function leafPaths(node: unknown, prefix = ''): string[] {
  if (typeof node !== 'object' || node === null) return [prefix];
  return Object.entries(node).flatMap(([key, value]) => leafPaths(value, prefix ? `${prefix}.${key}` : key));
}

/** Whether the policy's projection for `kind` lets `path` (a leaf under data) through. */
function allowedByPolicy(kind: string, path: string): boolean {
  const projection = POLICY.projections.find((p) => p.subscriberKinds.includes(kind));
  if (!projection) return false;
  const bare = path.replace(/\.\d+(?=\.|$)/g, '');
  if (!projection.rawIdentifiers) {
    if (RAW_IDENTIFIER_FIELDS.some((field) => field.path === bare)) return false;
    if (DOCUMENT_NUMBERS.includes(bare.split('.').at(-1) ?? '')) return false;
  }
  return projection.fields.some(
    (field) =>
      field === '*' || field === bare || bare.startsWith(`${field}.`) || (field.endsWith('.*') && bare.startsWith(field.slice(0, -1))),
  );
}

/**
 * Subscriptions on the real hub, broker and database: created within policy only, and delivered
 * over each agency's own inbound topic, filtered, in the subscribed contract version, cut to the
 * agency kind's projection, with gap-free sequence numbers and per-subject order, and audited.
 */
describe('subscriptions and delivery over Kafka', () => {
  let hub: RunningApp;
  const kafka = testKafkaClient('subscriptions-test');

  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub?.destroy();
  });

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

  async function subscribe(agency: string, body: Json): Promise<string> {
    const created = await asAgency(agency, 'POST', '/v1/subscriptions', { name: `${agency} test`, channels: { kafka: true }, ...body });
    expect(created).toMatchObject({ status: 201, body: { agency, status: 'active' } });
    return created.body['id'] as string;
  }

  /**
   * Everything `subscriptions` put on the agency's inbound topic, read from the start until `count`
   * messages arrived (the broker, and so the topic, is shared with other tests and other suites' hubs).
   */
  async function inbound(agency: string, count: number, subscriptions: readonly string[]): Promise<Delivered[]> {
    const seen: Delivered[] = [];
    const notCloudEvents: string[] = [];
    /** The next offset to read, by partition. */
    const readTo = new Map<number, bigint>();
    const topic = agencyInboundTopic(agency);
    const consumer = kafka.consumer({ groupId: `agency.${agency}.test-${randomUUID()}` });
    const admin = kafka.admin();
    await Promise.all([consumer.connect(), admin.connect()]);
    try {
      await waitUntil(`the ${agency} inbound topic`, async () => (await admin.listTopics()).includes(topic), 60_000);
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          readTo.set(partition, BigInt(message.offset) + 1n);
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
          // Other tests and suites share the topic and write hand-made records to it: judge these subscriptions' deliveries.
          if (!subscriptions.includes(headers['hub-subscription-id'] ?? '')) return;
          const problem = cloudEventProblem(message.value);
          if (problem) notCloudEvents.push(`offset ${message.offset}: ${problem}`);
          seen.push({ headers, key: String(message.key), event: JSON.parse(String(message.value)) as Delivered['event'] });
          await Promise.resolve();
        },
      });
      await waitUntil(`${count} deliveries to ${agency}`, () => seen.length >= count, 60_000);
      // Read on to the end of the topic as it is now, so a delivery beyond the expected ones is seen too.
      const ends = await admin.fetchTopicOffsets(topic);
      await waitUntil(`the end of ${topic} read`, () =>
        ends.every(({ partition, high }) => high === '0' || (readTo.get(partition) ?? 0n) >= BigInt(high)),
      );
      // Every delivery of these subscriptions, judged by the official CloudEvents SDK.
      expect(notCloudEvents).toEqual([]);
      return seen;
    } finally {
      await Promise.all([consumer.disconnect(), admin.disconnect()]);
    }
  }

  /**
   * The records of these events as a hub before routing at commit wrote them to its dispatch stream
   * (key, value, headers): the same record it wrote to the canonical topic, read back from there.
   */
  async function dispatchRecordsOf(eventIds: readonly string[]): Promise<Message[]> {
    const found = new Map<string, Message>();
    const consumer = kafka.consumer({ groupId: `dispatch-reader-${randomUUID()}` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [...CANONICAL_TOPIC_NAMES], fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          const id = (JSON.parse(message.value?.toString('utf8') ?? '{}') as { id?: string }).id;
          if (id !== undefined && eventIds.includes(id))
            found.set(id, { key: message.key, value: message.value, headers: message.headers, timestamp: message.timestamp });
          return Promise.resolve();
        },
      });
      await waitUntil('the dispatch records', () => found.size === eventIds.length, 60_000);
      return eventIds.map((id) => found.get(id) as Message);
    } finally {
      await consumer.disconnect();
    }
  }

  const event = (type: string, version = 1, overrides: Json = {}): Json => {
    const contract = EVENT_CATALOGUE.find((c) => c.type === type && c.version === version);
    if (!contract) throw new Error(`no ${type} v${version}`);
    return { ...(exampleEvent(contract) as Json), id: randomUUID(), correlationid: `subs-${randomUUID()}`, ...overrides };
  };

  /** Public security's subscription (three types, one region) and credit's (two types), as the delivery test makes them. */
  async function subscribePsbAndCredit(): Promise<{ psb: string; credit: string }> {
    const psb = await subscribe('psb-310000', {
      eventTypes: [{ type: 'work-permit.issued', version: 1 }, { type: 'work-permit.revoked' }, { type: 'visa.issued' }],
      filters: { regions: ['310000'] },
    });
    const credit = await subscribe('credit', { eventTypes: [{ type: 'work-permit.issued' }, { type: 'visa.issued' }] });
    return { psb, credit };
  }

  /**
   * Seven events about one person, each for some of the subscriptions (public security takes the
   * 1st, 3rd, 4th and 7th, credit the 1st, 3rd, 4th and 5th); returns their ids and the person's subject.
   */
  async function publishSeven(): Promise<{ published: Json[]; ids: string[]; subject: string }> {
    const published = [
      event('work-permit.issued'),
      event('work-permit.notice-issued'),
      event('work-permit.issued', 2),
      event('visa.issued'),
      event('work-permit.issued', 1, { agency: 'bureau-110000', source: 'urn:hub:agency:bureau-110000', region: '110105' }),
      event('permanent-residence.application-submitted'),
      event('work-permit.revoked'),
    ];
    for (const one of published) expect((await publish(hub.url, one)).status).toBe(202);
    const ids = published.map((one) => one['id'] as string);
    const stored = await hub.db.query<{ subject: string }>('SELECT subject FROM events WHERE id = $1', [ids[0]]);
    return { published, ids, subject: stored.rows[0]?.subject ?? '' };
  }

  /**
   * What a test of deliveries to public security starts from: its own psb and credit subscriptions
   * and the seven events, dispatched (the last one, public security's, is recorded, so every one
   * before it on the person's partition is too).
   */
  async function deliveredSeven(): Promise<{ psb: string; credit: string; ids: string[]; subject: string; publishedAt: string }> {
    const publishedAt = new Date().toISOString();
    const subscriptions = await subscribePsbAndCredit();
    const { ids, subject } = await publishSeven();
    await waitUntil('the seven events dispatched', async () => {
      const rows = await hub.db.query('SELECT 1 FROM subscription_deliveries WHERE subscription_id = $1 AND event_id = $2', [
        subscriptions.psb,
        ids[6],
      ]);
      return (rows.rowCount ?? 0) > 0;
    });
    return { ...subscriptions, ids, subject, publishedAt };
  }

  /** Puts a new policy version in force: the repository's policy, edited by `change`, numbered after the current one. */
  async function applyPolicy(reason: string, change: (policy: PolicyDocument) => void = () => undefined): Promise<void> {
    const current = await adminCall(hub.url, 'GET', '/v1/admin/policy');
    const policy = JSON.parse(readFileSync('config/policy/policy.v1.json', 'utf8')) as PolicyDocument;
    change(policy);
    policy.version = Number(current['version']) + 1;
    await adminCall(hub.url, 'PUT', '/v1/admin/policy', { reason, document: policy });
  }

  /** Runs `what` while public security may not subscribe to visas, then puts the repository's policy back in force. */
  async function withVisasWithdrawnFromPublicSecurity<T>(what: () => Promise<T>): Promise<T> {
    await applyPolicy('visas leave the exchange with public security', (policy) => {
      for (const grant of policy.subscribe)
        if (grant.agencyKinds.includes('psb')) grant.eventTypes = grant.eventTypes.filter((type) => type !== 'visa.*');
    });
    try {
      return await what();
    } finally {
      await applyPolicy('visas return to the exchange with public security');
    }
  }

  it('refuses subscriptions outside the policy, naming each reason, and bad bodies with their paths', async () => {
    const outside = await asAgency('psb-310000', 'POST', '/v1/subscriptions', {
      name: 'too much',
      eventTypes: [{ type: 'work-permit.issued' }, { type: 'residence-permit.issued' }, { type: 'work-permit.stolen' }],
      channels: { kafka: true },
    });
    expect(outside.status).toBe(403);
    expect(outside.body['error']).toMatchObject({
      code: 'SUBSCRIPTION_REFUSED',
      issues: [
        { path: 'eventTypes[1].type', rule: 'policy' },
        { path: 'eventTypes[2].type', rule: 'knownEventType' },
      ],
    });

    const peeking = await asAgency('tax', 'POST', '/v1/subscriptions', {
      name: 'peek',
      eventTypes: [{ type: 'permanent-residence.application-submitted' }],
      filters: { attributes: [{ path: 'data.holder.passportNo', op: 'prefix', value: 'E' }] },
      channels: { kafka: true },
    });
    expect(peeking.body['error']).toMatchObject({
      code: 'SUBSCRIPTION_REFUSED',
      issues: [{ path: 'filters.attributes[0].path', rule: 'projection' }],
    });

    const wrongPurpose = await asAgency('mfa', 'POST', '/v1/subscriptions', {
      name: 'wrong purpose',
      eventTypes: [{ type: 'work-permit.notice-issued' }],
      purpose: 'credit-supervision',
      channels: { kafka: true },
    });
    expect(wrongPurpose.body['error']).toMatchObject({ code: 'SUBSCRIPTION_REFUSED', issues: [{ path: 'purpose', rule: 'policy' }] });

    const malformed = await asAgency('mfa', 'POST', '/v1/subscriptions', {
      name: '',
      eventTypes: [],
      channels: { kafka: 'yes' },
      extra: 1,
    });
    expect(malformed.status).toBe(400);
    expect(((malformed.body['error'] as Json)['issues'] as { path: string }[]).map((i) => i.path).sort()).toEqual(
      ['channels.kafka', 'eventTypes', 'extra', 'name'].sort(),
    );
    expect((await fetch(`${hub.url}/v1/subscriptions`)).status).toBe(401);
  });

  it('lists, pauses, resumes and deletes only the agency’s own subscriptions, each change audited', async () => {
    const id = await subscribe('bureau-320000', { eventTypes: [{ type: 'visa.issued' }] });
    expect((await asAgency('bureau-320000', 'GET', '/v1/subscriptions')).body['subscriptions']).toEqual([expect.objectContaining({ id })]);
    expect((await asAgency('credit', 'GET', `/v1/subscriptions/${id}`)).status).toBe(404);
    expect((await asAgency('credit', 'POST', `/v1/subscriptions/${id}/pause`)).status).toBe(404);
    expect((await asAgency('bureau-320000', 'POST', `/v1/subscriptions/${id}/pause`)).body['status']).toBe('paused');
    expect((await asAgency('bureau-320000', 'POST', `/v1/subscriptions/${id}/resume`)).body['status']).toBe('active');
    expect((await asAgency('bureau-320000', 'DELETE', `/v1/subscriptions/${id}`)).body['status']).toBe('deleted');
    expect((await asAgency('bureau-320000', 'GET', '/v1/subscriptions')).body['subscriptions']).toEqual([]);
    const audited = await hub.db.query<{ action: string }>(
      `SELECT action FROM audit_trail WHERE detail->>'subscriptionId' = $1 ORDER BY seq, leaf`,
      [id],
    );
    expect(audited.rows.map((row) => row.action)).toEqual([
      'subscription.created',
      'subscription.paused',
      'subscription.resumed',
      'subscription.deleted',
    ]);
    expect((await adminCall(hub.url, 'GET', '/v1/admin/subscriptions?agency=bureau-320000'))['subscriptions']).toEqual([]);
  });

  it('delivers each agency what it subscribed to, filtered, versioned, projected, in order, with gap-free sequences', async () => {
    const { psb, credit } = await subscribePsbAndCredit();
    const tax = await subscribe('tax', { eventTypes: [{ type: 'permanent-residence.application-submitted' }] });
    const mfa = await subscribe('mfa', { eventTypes: [{ type: 'work-permit.notice-issued' }], filters: { visaCategories: ['Z'] } });
    const paused = await subscribe('bureau-310000', { eventTypes: [{ type: 'visa.issued' }] });
    await asAgency('bureau-310000', 'POST', `/v1/subscriptions/${paused}/pause`);

    const { published, ids, subject } = await publishSeven();

    const toPsb = await inbound('psb-310000', 4, [psb]);
    expect(toPsb.map((d) => d.event.id)).toEqual([ids[0], ids[2], ids[3], ids[6]]);
    expect(toPsb.map((d) => d.headers['hub-sequence'])).toEqual(['1', '2', '3', '4']);
    expect(toPsb.every((d) => d.headers['hub-subscription-id'] === psb)).toBe(true);
    expect(toPsb.map((d) => d.headers[KAFKA_HEADERS.contractVersion])).toEqual(['1', '1', '1', '1']);
    expect(toPsb[1]?.event).toMatchObject({ contractversion: 1, data: { validFrom: expect.any(String) as unknown } });
    expect(toPsb[0]?.headers).toMatchObject({
      [KAFKA_HEADERS.eventType]: 'work-permit.issued',
      [KAFKA_HEADERS.correlationId]: published[0]?.['correlationid'],
      [KAFKA_HEADERS.traceparent]: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/) as unknown,
    });
    expect(new Set(toPsb.map((d) => d.key))).toEqual(new Set([subject])); // one person: one key, one partition, in order

    const toCredit = await inbound('credit', 4, [credit]);
    expect(toCredit.map((d) => d.event.id)).toEqual([ids[0], ids[2], ids[3], ids[4]]);
    expect(toCredit.map((d) => d.headers['hub-sequence'])).toEqual(['1', '2', '3', '4']);
    expect(toCredit.every((d) => d.headers['hub-subscription-id'] === credit)).toBe(true);
    expect(JSON.stringify(toCredit)).not.toMatch(/passportNo|birthDate|permitNo|visaNo/);

    const toTax = await inbound('tax', 1, [tax]);
    expect(toTax.map((d) => d.event.id)).toEqual([ids[5]]);
    const toMfa = await inbound('mfa', 1, [mfa]);
    expect(toMfa.map((d) => d.event.id)).toEqual([ids[1]]);

    for (const [kind, deliveries] of [
      ['psb', toPsb],
      ['credit', toCredit],
      ['tax', toTax],
      ['mfa', toMfa],
    ] as const) {
      for (const delivered of deliveries) {
        expect(delivered.event['signature']).toBeUndefined();
        const outside = leafPaths(delivered.event.data).filter((path) => !allowedByPolicy(kind, path));
        expect([kind, delivered.event.type, outside]).toEqual([kind, delivered.event.type, []]);
      }
    }
    expect(toPsb[0]?.event.data).toMatchObject({
      holder: { passportNo: expect.any(String) as unknown },
      permitNo: expect.any(String) as unknown,
    });
    expect(Object.keys(toTax[0]?.event.data ?? {}).sort()).toEqual(['basis', 'employer', 'submittedOn']);

    const bureauDeliveries = await hub.db.query('SELECT 1 FROM subscription_deliveries WHERE subscription_id = $1', [paused]);
    expect(bureauDeliveries.rowCount).toBe(0);
    // Each delivery audited with its purpose and sequence (consecutive ones of a subscription share a row).
    const dispatched = await hub.db.query<{ id: string; sequence: number }>(
      `SELECT e.id, (detail->>'fromSequence')::int + e.n::int - 1 AS sequence
         FROM audit_trail, jsonb_array_elements_text(detail->'eventIds') WITH ORDINALITY AS e(id, n)
        WHERE action = 'event.dispatched' AND purpose = 'exit-entry-administration' AND detail->>'subscriptionId' = $1
        ORDER BY seq, leaf, e.n`,
      [psb],
    );
    expect(dispatched.rows).toEqual([ids[0], ids[2], ids[3], ids[6]].map((id, i) => ({ id, sequence: i + 1 })));
  });

  it("replays a subscription from a sequence number or a time, under today's policy and projection", async () => {
    const { psb: psbSubscription, ids, publishedAt } = await deliveredSeven();
    const replayOf = async (body: Json): Promise<Json> => {
      const started = await asAgency('psb-310000', 'POST', `/v1/subscriptions/${psbSubscription}/replays`, body);
      expect(started.status).toBe(202);
      const id = started.body['id'] as string;
      return waitUntil(`replay ${id} done`, async () => {
        const progress = (await asAgency('psb-310000', 'GET', `/v1/subscriptions/${psbSubscription}/replays/${id}`)).body;
        return progress['status'] === 'done' && progress;
      });
    };
    expect((await asAgency('credit', 'POST', `/v1/subscriptions/${psbSubscription}/replays`, { fromSequence: 1 })).status).toBe(404);
    expect((await asAgency('psb-310000', 'POST', `/v1/subscriptions/${psbSubscription}/replays`, {})).status).toBe(400);

    const bySequence = await replayOf({ fromSequence: 2 });
    expect(bySequence).toMatchObject({ total: 3, sent: 3, withheld: 0, filtered: 0, fromSequence: 2 });
    const afterFirst = await inbound('psb-310000', 7, [psbSubscription]);
    const first = afterFirst.filter((d) => d.headers['hub-replay-id'] === bySequence['id']);
    expect(first.map((d) => d.event.id)).toEqual([ids[2], ids[3], ids[6]]);
    expect(first.map((d) => d.headers['hub-sequence'])).toEqual(['2', '3', '4']);
    expect(first.map((d) => d.headers['hub-replay-sequence'])).toEqual(['1', '2', '3']);
    const live = afterFirst.filter((d) => d.headers['hub-replay-id'] === undefined);
    expect(first.map((d) => d.event)).toEqual(live.slice(1).map((d) => d.event)); // the same records as live delivery

    // Public security loses visas: a replay from before must not bring them back.
    const byTime = await withVisasWithdrawnFromPublicSecurity(() => replayOf({ fromTime: publishedAt }));
    expect(byTime).toMatchObject({ total: 5, sent: 3, withheld: 1, filtered: 1 });
    const afterSecond = await inbound('psb-310000', 10, [psbSubscription]);
    const second = afterSecond.filter((d) => d.headers['hub-replay-id'] === byTime['id']);
    expect(second.map((d) => d.event.id)).toEqual([ids[0], ids[2], ids[6]]);
    const replayed = await hub.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_trail WHERE action = 'event.replayed' AND detail->>'replayId' = $1`,
      [byTime['id']],
    );
    expect(replayed.rows[0]?.n).toBe(3);
  });

  it('dead-letters a record on the dispatch stream that is not an event, and dispatches the events behind it', async () => {
    // Events are routed at commit now; the dispatch stream is what a hub before that left behind. The
    // event behind the poison record is stored before the subscription exists (so nothing routed it at
    // commit) and written to the stream after the poison record, on its partition, as such a hub did.
    const behind = event('work-permit.issued');
    expect((await publish(hub.url, behind)).status).toBe(202);
    const subject = (await hub.db.query<{ subject: string }>('SELECT subject FROM events WHERE id = $1', [behind['id']])).rows[0]?.subject;
    const subscription = await subscribe('psb-310000', { eventTypes: [{ type: 'work-permit.issued' }] });
    const [record] = await dispatchRecordsOf([behind['id'] as string]);
    expect(record?.key?.toString('utf8')).toBe(subject);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: 'hub.internal.dispatch',
      messages: [{ key: subject ?? '', value: '{"not":"an event"}' }, record as Message],
    });
    await producer.disconnect();
    await waitUntil('the event behind it dispatched to the new subscription', async () => {
      const rows = await hub.db.query('SELECT 1 FROM subscription_deliveries WHERE event_id = $1 AND subscription_id = $2', [
        behind['id'],
        subscription,
      ]);
      return (rows.rowCount ?? 0) > 0;
    });
    const dead = await hub.db.query<{ error_code: string; payload: string; topic: string }>(
      `SELECT error_code, payload, topic FROM dead_letters WHERE error_code = 'NOT_AN_EVENT'`,
    );
    expect(dead.rows).toEqual([{ error_code: 'NOT_AN_EVENT', payload: '{"not":"an event"}', topic: 'hub.internal.dispatch' }]);
  });

  it('delivers only events the hub stored, and a record Kafka delivers again neither sends nor audits anything twice', async () => {
    const { psb, credit, ids, subject } = await deliveredSeven();
    // While public security may not subscribe to visas, its visa subscription is withheld, with the reason.
    await withVisasWithdrawnFromPublicSecurity(async () => {
      const visa = event('visa.issued');
      expect((await publish(hub.url, visa)).status).toBe(202);
      const withheld = await waitUntil('the visa withheld from public security', async () => {
        const rows = await hub.db.query<{ reason: string }>(
          'SELECT reason FROM subscription_withholdings WHERE event_id = $1 AND subscription_id = $2',
          [visa['id'], psb],
        );
        return rows.rows.length === 1 && rows.rows[0];
      });
      expect(withheld.reason).toMatch(/visa\.issued/);

      // The stream record of the withheld visa and of an event already delivered, read back and sent again,
      // each followed on its partition by an event the hub never accepted, written to the stream directly.
      const again = await dispatchRecordsOf([visa['id'] as string, ids[0] as string]);
      const forgedBehind = again.map((record) => {
        const key = record.key?.toString('utf8') ?? '';
        return { key, event: { ...event('work-permit.issued'), subject: key } };
      });
      const forged: Json = forgedBehind[1]?.event ?? {};
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({
        topic: 'hub.internal.dispatch',
        messages: again.flatMap((record, i) => [
          record,
          { key: forgedBehind[i]?.key ?? '', value: JSON.stringify(forgedBehind[i]?.event) },
        ]),
      });
      await producer.disconnect();
      // Events are routed at commit now; the dispatcher only drains the stream. Once both forged records
      // are dead-lettered, the copies in front of them on their partitions have been dispatched too.
      await waitUntil('the forged records dead-lettered', async () => {
        const rows = await hub.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM dead_letters WHERE error_code = 'EVENT_NOT_STORED'`);
        return rows.rows[0]?.n === 2;
      });

      const count = async (sql: string, params: unknown[]): Promise<number> =>
        (await hub.db.query<{ n: number }>(sql, params)).rows[0]?.n ?? -1;
      expect(
        await count(
          `SELECT count(*)::int AS n FROM audit_trail WHERE action = 'event.withheld' AND event_id = $1 AND detail->>'subscriptionId' = $2`,
          [visa['id'], psb],
        ),
      ).toBe(1);
      expect(
        await count('SELECT count(*)::int AS n FROM subscription_deliveries WHERE event_id = $1 AND subscription_id = ANY($2::uuid[])', [
          ids[0],
          [psb, credit],
        ]),
      ).toBe(2); // psb and credit, once each
      expect(await count('SELECT count(*)::int AS n FROM subscription_deliveries WHERE event_id = $1', [forged['id']])).toBe(0);
      const dead = await hub.db.query<{ error_code: string; message_key: string }>(
        `SELECT error_code, message_key FROM dead_letters WHERE error_code <> 'NOT_AN_EVENT' ORDER BY message_key`,
      );
      expect(dead.rows).toEqual(
        forgedBehind
          .map(({ key }) => ({ error_code: 'EVENT_NOT_STORED', message_key: key }))
          .sort((a, b) => (a.message_key < b.message_key ? -1 : 1)),
      );
      expect(forgedBehind[1]?.key).toBe(subject);
    });
  });

  it('keeps signed receipts for Kafka deliveries as evidence and lists the deliveries without one', async () => {
    const { psb: psbSubscription, ids } = await deliveredSeven();
    const { keyId, privateKey } = testSigningKey('psb-310000');
    const receipt = (sequence: number, eventId: string | undefined): Json =>
      signEvent(
        { subscriptionId: psbSubscription, sequence, eventId, agency: 'psb-310000', receivedAt: new Date().toISOString() },
        { alg: 'ed25519', keyId, privateKey },
      );
    const send = (agency: string, body: Json): Promise<{ status: number; body: Json }> =>
      asAgency(agency, 'POST', `/v1/subscriptions/${psbSubscription}/receipts`, body);

    expect(await send('psb-310000', { receipt: receipt(1, ids[0]) })).toMatchObject({
      status: 200,
      body: { outcome: 'acknowledged', sequence: 1 },
    });
    expect((await send('psb-310000', { receipt: receipt(1, ids[0]) })).body).toMatchObject({ outcome: 'already-acknowledged' });
    expect((await send('psb-310000', { receipt: receipt(2, ids[0]) })).body['error']).toMatchObject({ code: 'RECEIPT_REFUSED' });
    const overOtherContent = { ...receipt(2, ids[2]), receivedAt: '2020-01-01T00:00:00Z' };
    expect((await send('psb-310000', { receipt: overOtherContent })).body['error']).toMatchObject({ code: 'RECEIPT_REFUSED' });
    expect((await send('credit', { receipt: receipt(2, ids[2]) })).status).toBe(404);

    const open = await asAgency('psb-310000', 'GET', `/v1/subscriptions/${psbSubscription}/unacknowledged?limit=2`);
    expect(open.body).toEqual({
      items: [expect.objectContaining({ sequence: 2, eventId: ids[2] }), expect.objectContaining({ sequence: 3 })],
      nextAfter: 3,
    });
    const evidence = await hub.db.query<{ receipt_key_id: string; receipt: Json }>(
      'SELECT receipt_key_id, receipt FROM subscription_deliveries WHERE subscription_id = $1 AND sequence = 1',
      [psbSubscription],
    );
    expect(evidence.rows[0]).toMatchObject({ receipt_key_id: keyId, receipt: { eventId: ids[0], agency: 'psb-310000' } });
    const audited = await hub.db.query(
      `SELECT 1 FROM audit_trail WHERE action = 'delivery.acknowledged' AND actor = 'agency:psb-310000' AND event_id = $1`,
      [ids[0]],
    );
    expect(audited.rowCount).toBe(1);
  });

  it('lets an agency manage its subscriptions with the CLI and its API key', async () => {
    // The hub runs in this process: the CLI must be awaited, never run synchronously.
    const cli = async (...args: string[]): Promise<Json> =>
      JSON.parse(
        (
          await promisify(execFile)(process.execPath, ['dist/scripts/hub-cli/cli.js', ...args], {
            env: { ...process.env, HUB_URL: hub.url, HUB_API_KEY: apiKeyOf(hub.url, 'bureau-110000'), ADMIN_TOKEN: '' },
          })
        ).stdout,
      ) as Json;
    const file = join(mkdtempSync(join(tmpdir(), 'subscription-')), 'visas.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'Beijing visas',
        eventTypes: [{ type: 'visa.issued' }],
        filters: { regions: ['110000'] },
        channels: { kafka: true },
      }),
    );
    const created = await cli('subscriptions', 'create', '--file', file);
    expect(created).toMatchObject({ agency: 'bureau-110000', purpose: 'work-permit-administration', status: 'active' });
    expect((await cli('subscriptions', 'pause', created['id'] as string))['status']).toBe('paused');
    expect(((await cli('subscriptions', 'mine'))['subscriptions'] as Json[]).map((one) => one['id'])).toEqual([created['id']]);
  });
});
