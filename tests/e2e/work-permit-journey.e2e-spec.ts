import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aWorkPermitIssuedEvent, aWorkPermitIssuedV2Event, TEST_KAFKA_BROKERS, waitUntil } from '@hub/testing';
import { Kafka, logLevel } from 'kafkajs';
import { countRows, publish, startHub, startPsbAdapter, type RunningApp } from '../support/running-apps.js';

/**
 * The walking skeleton's journey on the real broker and databases: a bureau publishes
 * work-permit.issued, the hub commits it with its outbox row, the relay puts it on the canonical
 * topic, and the public-security adapter records it, exactly once in effect.
 */
describe('work permit: bureau → hub → Kafka → public security', () => {
  let hub: RunningApp;
  let psb: RunningApp;
  const kafka = new Kafka({ clientId: 'journey-test', brokers: TEST_KAFKA_BROKERS, logLevel: logLevel.NOTHING });

  beforeAll(async () => {
    hub = await startHub();
    psb = await startPsbAdapter({ groupId: `psb-journey-${randomUUID()}` });
  });
  afterAll(async () => {
    await psb?.destroy();
    await hub?.destroy();
  });

  async function recordedPermit(permitNo: string): Promise<Record<string, string> | undefined> {
    const response = await fetch(`${psb.url}/v1/work-permits/${permitNo}`);
    return response.status === 200 ? ((await response.json()) as Record<string, string>) : undefined;
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

    const status = (await (await fetch(`${hub.url}/v1/events/${String(event['id'])}`)).json()) as { relay: string; subject: string };
    expect(status).toMatchObject({ relay: 'published', subject: record['subjectId'] });
    expect(await countRows(hub.db, 'outbox')).toBe(0);
  });

  it('answers an unknown permit with the same error shape as the hub', async () => {
    const response = await fetch(`${psb.url}/v1/work-permits/999999999999999999`);
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

  it('keeps public security on contract v1 while the bureau publishes work-permit.issued v2', async () => {
    const event = aWorkPermitIssuedV2Event();
    const data = event['data'] as { permitNo: string; occupation: { title: string } };
    expect((await publish(hub.url, event)).body.events?.[0]?.status).toBe('accepted');
    const record = await waitUntil('the v2 permit at public security', () => recordedPermit(data.permitNo));
    expect(record).toMatchObject({
      permitNo: data.permitNo,
      position: data.occupation.title,
      validFrom: '2026-01-01',
      validTo: '2027-12-31',
      sourceEventId: event['id'],
    });
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

    // Replay the canonical record byte for byte (what a relay retry after a lost ack produces), then a poison record.
    const stored = await hub.db.query<{ envelope: object; subject: string }>('SELECT envelope, subject FROM events WHERE id = $1', [
      event['id'],
    ]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: 'hub.work-permit.events',
      messages: [
        { key: stored.rows[0]?.subject ?? '', value: JSON.stringify(stored.rows[0]?.envelope) },
        { key: 'sub_poison', value: '{"this is": not json' },
      ],
    });
    await producer.disconnect();

    const after = aWorkPermitIssuedEvent();
    await publish(hub.url, after);
    await waitUntil('a later event recorded', () => recordedPermit((after['data'] as { permitNo: string }).permitNo));
    await waitUntil(
      'the poison record dead-lettered',
      async () => (await countRows(psb.db, 'dead_letters', "error_code = 'MALFORMED_JSON'")) === 1,
    );
    expect(await countRows(psb.db, 'inbox', 'event_id = $1', [event['id']])).toBe(1);
    expect((await recordedPermit(permitNo))?.['recordedAt']).toBe(first['recordedAt']);
  });
});
