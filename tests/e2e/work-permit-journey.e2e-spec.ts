import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { INBOUND_HEADERS, KAFKA_HEADERS } from '@hub/contracts';
import { agencyInboundTopic } from '@hub/messaging';
import {
  aWorkPermitIssuedEvent,
  aWorkPermitIssuedV2Event,
  cloudEventProblem,
  signedByItsAgency,
  waitUntil,
  testKafkaClient,
} from '@hub/testing';
import { CloudEvent, CONSTANTS, HTTP } from 'cloudevents';
import type { Message } from 'kafkajs';
import {
  apiKeyOf,
  countRows,
  psbGroupId,
  PSB_AGENCY,
  publish,
  startHub,
  startPsbAdapter,
  type RunningApp,
  type RunningPsbAdapter,
  PSB_READER_HEADERS,
} from '../support/running-apps.js';

/**
 * The walking skeleton's journey on the real broker and databases: a bureau publishes
 * work-permit.issued, the hub commits it with its outbox row, the relay puts it on the canonical
 * topic, the dispatcher delivers it, projected, to public security's subscription on
 * `agency.psb-310000.inbound`, and the public-security adapter records it, exactly once in effect.
 */
describe('work permit: bureau → hub → Kafka → public security', () => {
  let hub: RunningApp;
  let psb: RunningPsbAdapter;
  const kafka = testKafkaClient('journey-test');

  beforeAll(async () => {
    hub = await startHub();
    psb = await startPsbAdapter({ hubUrl: hub.url, groupId: psbGroupId('journey') });
  });
  afterAll(async () => {
    await psb?.destroy();
    await hub?.destroy();
  });

  async function recordedPermit(permitNo: string): Promise<Record<string, string> | undefined> {
    const response = await fetch(`${psb.url}/v1/work-permits/${permitNo}`, { headers: PSB_READER_HEADERS });
    return response.status === 200 ? ((await response.json()) as Record<string, string>) : undefined;
  }

  /** The record the hub delivered for an event on public security's inbound topic, as written (key, value, headers). */
  async function deliveredRecord(eventId: string): Promise<Message> {
    let found: Message | undefined;
    const notCloudEvents: string[] = [];
    const consumer = kafka.consumer({ groupId: psbGroupId('journey-reader') });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: agencyInboundTopic(PSB_AGENCY), fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          // Other suites share the topic and write hand-made records to it: judge this hub's deliveries.
          if (message.headers?.[INBOUND_HEADERS.subscriptionId]?.toString() !== psb.subscriptionId) return Promise.resolve();
          const problem = cloudEventProblem(message.value);
          if (problem) notCloudEvents.push(`offset ${message.offset}: ${problem}`);
          if (message.headers?.[KAFKA_HEADERS.eventId]?.toString() === eventId) {
            found = { key: message.key, value: message.value, headers: message.headers, timestamp: message.timestamp };
          }
          return Promise.resolve();
        },
      });
      const record = await waitUntil(`the delivery of ${eventId}`, () => found, 60_000);
      // Every delivery to this hub's subscription read so far, judged by the official CloudEvents SDK.
      expect(notCloudEvents).toEqual([]);
      return record;
    } finally {
      await consumer.disconnect();
    }
  }

  it('delivers one event to public security with its subject id and correlation id', async () => {
    const event = aWorkPermitIssuedEvent();
    const data = event['data'] as { permitNo: string; holder: { passportNo: string } };
    const answer = await publish(hub.url, event, { 'x-correlation-id': 'journey-corr-1' });
    expect(answer.status).toBe(202);
    expect(answer.body.events).toEqual([{ id: event['id'], status: 'accepted', correlationId: 'journey-corr-1' }]);

    const record = await waitUntil('the permit at public security', () => recordedPermit(data.permitNo));
    expect(record).toMatchObject({
      permitNo: data.permitNo,
      passportNo: data.holder.passportNo,
      status: 'valid',
      correlationId: 'journey-corr-1',
      sourceEventId: event['id'],
    });
    expect(record['subjectId']).toMatch(/^sub_[0-9a-f]{32}$/);
    expect(Object.keys(record).filter((field) => /employer|position/i.test(field))).toEqual([]);
    const inbox = await psb.db.query<{ subscription_id: string; sequence: string; topic: string }>(
      'SELECT subscription_id, sequence::text, topic FROM inbox WHERE event_id = $1',
      [event['id']],
    );
    expect(inbox.rows).toEqual([
      { subscription_id: psb.subscriptionId, sequence: expect.stringMatching(/^\d+$/), topic: 'agency.psb-310000.inbound' },
    ]);

    const lookup = await fetch(`${hub.url}/v1/events/${String(event['id'])}`, {
      headers: { authorization: `Bearer ${apiKeyOf(hub.url, 'bureau-310000')}` },
    });
    const status = (await lookup.json()) as { relay: string; subject: string };
    expect(status).toMatchObject({ relay: 'published', subject: record['subjectId'] });
    expect(await countRows(hub.db, 'outbox')).toBe(0);
  });

  it('answers an unknown permit with the same error shape as the hub', async () => {
    const response = await fetch(`${psb.url}/v1/work-permits/999999999999999999`, { headers: PSB_READER_HEADERS });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'NOT_FOUND', message: expect.stringContaining('999999999999999999'), messageZh: expect.stringContaining('未找到') },
    });
  });

  it('delivers a batch, every event recorded once', async () => {
    const events = Array.from({ length: 50 }, () => aWorkPermitIssuedEvent());
    const answer = await publish(hub.url, { events });
    expect(answer.status).toBe(202);
    expect(answer.body.events?.every((e) => e.status === 'accepted')).toBe(true);
    const ids = events.map((e) => e['id'] as string);
    await waitUntil(
      '50 events in the adapter inbox',
      async () => (await countRows(psb.db, 'inbox', 'event_id = ANY($1::uuid[])', [ids])) === 50,
    );
    expect(await countRows(psb.db, 'work_permits', 'source_event_id = ANY($1::uuid[])', [ids])).toBe(50);
  });

  it('accepts events the official CloudEvents SDK sends, structured and batched, and delivers them', async () => {
    const built = [0, 1, 2].map(() => new CloudEvent<unknown>(signedByItsAgency(aWorkPermitIssuedEvent())));
    const [single, ...batch] = built;
    const authorization = `Bearer ${apiKeyOf(hub.url, 'bureau-310000')}`;
    const structured = HTTP.structured(single as CloudEvent<unknown>);
    const one = await fetch(`${hub.url}/v1/events`, {
      method: 'POST',
      headers: { ...(structured.headers as Record<string, string>), authorization },
      body: structured.body as string,
    });
    expect(one.status).toBe(202);
    expect(await one.json()).toMatchObject({ events: [{ id: single?.id, status: 'accepted' }] });
    const many = await fetch(`${hub.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': CONSTANTS.MIME_CE_BATCH, authorization },
      body: JSON.stringify(batch),
    });
    expect(many.status).toBe(202);
    expect(await many.json()).toMatchObject({ events: batch.map((event) => ({ id: event.id, status: 'accepted' })) });
    for (const event of built) {
      const { permitNo } = event.data as { permitNo: string };
      await waitUntil(`permit ${permitNo} at public security`, () => recordedPermit(permitNo));
    }
  });

  it('keeps public security on contract v1 while the bureau publishes work-permit.issued v2', async () => {
    const event = aWorkPermitIssuedV2Event();
    const data = event['data'] as { permitNo: string };
    expect((await publish(hub.url, event)).body.events?.[0]?.status).toBe('accepted');
    const record = await waitUntil('the v2 permit at public security', () => recordedPermit(data.permitNo));
    expect(record).toMatchObject({
      permitNo: data.permitNo,
      permitClass: 'B',
      validFrom: '2026-01-01',
      validTo: '2027-12-31',
      sourceEventId: event['id'],
    });
    const delivered = await deliveredRecord(event['id'] as string);
    expect(delivered.headers?.[KAFKA_HEADERS.contractVersion]?.toString()).toBe('1');
  });

  it('stores and delivers an event sent twice only once', async () => {
    const event = aWorkPermitIssuedEvent();
    expect((await publish(hub.url, event)).body.events?.[0]?.status).toBe('accepted');
    expect((await publish(hub.url, event)).body.events?.[0]?.status).toBe('duplicate');
    const both = await publish(hub.url, { events: [event, event] });
    expect(both.body.events?.map((e) => e.status)).toEqual(['duplicate', 'duplicate']);

    const permitNo = (event['data'] as { permitNo: string }).permitNo;
    await waitUntil('the permit at public security', () => recordedPermit(permitNo));
    expect(await countRows(hub.db, 'events', 'id = $1', [event['id']])).toBe(1);
    expect(await countRows(psb.db, 'inbox', 'event_id = $1', [event['id']])).toBe(1);
  });

  it('refuses the same event id with different content, storing nothing of that request', async () => {
    const event = aWorkPermitIssuedEvent();
    await publish(hub.url, event);
    const changed = { ...event, data: { ...(event['data'] as object), position: 'Chief engineer' } };
    const fresh = aWorkPermitIssuedEvent();
    const answer = await publish(hub.url, { events: [fresh, changed] });
    expect(answer.status).toBe(409);
    expect(answer.body.error?.code).toBe('EVENT_ID_CONFLICT');
    expect(await countRows(hub.db, 'events', 'id = $1', [fresh['id']])).toBe(0);
  });

  it('ignores a redelivered Kafka record and dead-letters a poison one without blocking the rest', async () => {
    const event = aWorkPermitIssuedEvent();
    await publish(hub.url, event);
    const permitNo = (event['data'] as { permitNo: string }).permitNo;
    const first = await waitUntil('the permit at public security', () => recordedPermit(permitNo));

    // The delivered record again byte for byte (what a relay retry after a lost ack produces), then a poison record.
    const delivered = await deliveredRecord(event['id'] as string);
    const poisonKey = `sub_poison_${randomUUID()}`;
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: agencyInboundTopic(PSB_AGENCY),
      messages: [delivered, { key: poisonKey, value: '{"this is": not json' }],
    });
    await producer.disconnect();

    const after = aWorkPermitIssuedEvent();
    await publish(hub.url, after);
    await waitUntil('a later event recorded', () => recordedPermit((after['data'] as { permitNo: string }).permitNo));
    await waitUntil(
      'the poison record dead-lettered',
      async () => (await countRows(psb.db, 'dead_letters', "error_code = 'MALFORMED_JSON' AND message_key = $1", [poisonKey])) === 1,
    );
    expect(await countRows(psb.db, 'inbox', 'event_id = $1', [event['id']])).toBe(1);
    expect((await recordedPermit(permitNo))?.['recordedAt']).toBe(first['recordedAt']);
  });
});
