import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { INBOUND_HEADERS, KAFKA_HEADERS } from '@hub/contracts';
import { agencyInboundTopic } from '@hub/messaging';
import { aWorkPermitIssuedEvent, waitUntil, testKafkaClient } from '@hub/testing';

import {
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
 * One person's events stay in order (keyed by subject id, relayed in commit order, delivered to
 * public security's subscription in that order), and one correlation id follows an event through
 * every hop's log: ingest, relay, adapter.
 */
describe('per-subject order and correlation across hops', () => {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  let hub: RunningApp;
  let psb: RunningPsbAdapter;

  beforeAll(async () => {
    process.stdout.write = (chunk: string | Uint8Array) => {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
    const logAll = { LOG_LEVELS: 'log,warn,error,fatal' };
    hub = await startHub({ env: logAll });
    psb = await startPsbAdapter({ hubUrl: hub.url, groupId: psbGroupId('trace'), env: logAll });
  });
  afterAll(async () => {
    process.stdout.write = write;
    await psb?.destroy();
    await hub?.destroy();
  });

  it('delivers one person’s events in the order they were published', async () => {
    const holder = { passportNo: `P${Date.now() % 100_000_000}`, nationality: 'KOR', birthDate: '1991-07-08', name: '김민준' };
    const events = Array.from({ length: 6 }, () => aWorkPermitIssuedEvent({ data: { holder } }));
    await publish(hub.url, { events: events.slice(0, 3) });
    await publish(hub.url, events[3]);
    await publish(hub.url, { events: events.slice(4) });
    const [stored] = await hub.db
      .query<{ subject: string }>('SELECT subject FROM events WHERE id = $1', [events[0]?.['id']])
      .then((r) => r.rows);
    // Once public security has them, its inbound topic exists and holds all six.
    const ids = events.map((e) => e['id']);
    await waitUntil(
      'the six at public security',
      async () => (await countRows(psb.db, 'inbox', 'event_id = ANY($1::uuid[])', [ids])) === 6,
    );

    const kafka = testKafkaClient('order-test');
    const consumer = kafka.consumer({ groupId: psbGroupId('order-test') });
    await consumer.connect();
    await consumer.subscribe({ topic: agencyInboundTopic(PSB_AGENCY), fromBeginning: true });
    const seen: { id: string; sequence: number }[] = [];
    await consumer.run({
      eachMessage: ({ message }) => {
        const header = (name: string): string => message.headers?.[name]?.toString() ?? '';
        if (message.key?.toString() === stored?.subject && header(INBOUND_HEADERS.subscriptionId) === psb.subscriptionId) {
          seen.push({ id: header(KAFKA_HEADERS.eventId), sequence: Number(header(INBOUND_HEADERS.sequence)) });
        }
        return Promise.resolve();
      },
    });
    await waitUntil('six events for the subject', () => seen.length >= 6, 60_000);
    await consumer.disconnect();
    expect(seen.map((delivered) => delivered.id)).toEqual(events.map((e) => e['id']));
    expect(seen.map((delivered) => delivered.sequence)).toEqual(seen.map((delivered) => delivered.sequence).sort((a, b) => a - b));
  });

  it('logs the same correlation id at ingest, relay and adapter', async () => {
    const event = aWorkPermitIssuedEvent();
    const permitNo = (event['data'] as { permitNo: string }).permitNo;
    await publish(hub.url, event, { 'x-correlation-id': 'trace-me-7f3a' });
    await waitUntil(
      'the permit at public security',
      async () => (await fetch(`${psb.url}/v1/work-permits/${permitNo}`, { headers: PSB_READER_HEADERS })).status === 200,
    );
    const hops = lines.filter((line) => line.includes('trace-me-7f3a')).map((line) => (JSON.parse(line) as { context: string }).context);
    expect(hops).toEqual(expect.arrayContaining(['PublishEventsHandler', 'OutboxRelay', 'RecordWorkPermitsHandler']));
  });
});
