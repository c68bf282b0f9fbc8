import { CANONICAL_TOPICS, DISPATCH_TOPIC } from '@hub/contracts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { agencyInboundTopic } from '@hub/messaging';
import { aWorkPermitIssuedEvent, ensureSubscription, testKafkaClient, waitUntil } from '@hub/testing';
import type { Admin, Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { DispatcherService } from '../../apps/hub/src/dispatch/dispatcher.service.js';
import { apiKeyOf, publish, startHub, type RunningApp } from '../support/running-apps.js';

const AGENCY = 'psb-310000';
const MAX_ATTEMPTS = 6;

/** One record of the dispatch stream, as read back. */
interface StreamRecord {
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: string;
  readonly headers: IHeaders;
}

/**
 * The dispatch stream that hubs before routing at commit wrote, drained after an upgrade, from
 * outside on the real broker and database. The test writes the stream as such a hub did (each
 * event's canonical record, copied), for events stored before the subscription existed: a record
 * written twice (that relay wrote at least once) in one batch and across batches is harmless, and a
 * record the database refuses every time is parked in `dead_letters` after DISPATCH_MAX_ATTEMPTS
 * tries while `/health` reports its partition stalled, and the record behind it is delivered,
 * sequences gap-free across the drained and the routed-at-commit deliveries, with the dispatcher's
 * consumer never crashing. The API and relay run in one hub, the dispatcher in another on the same
 * database, so the test can write into the stream before the dispatcher reads it.
 */
describe('the dispatch stream with a record written twice, and a record that always fails', () => {
  const run = randomUUID().slice(0, 8);
  const group = `dispatch-stall-test-${run}`;
  const kafka = testKafkaClient('dispatch-stall-test');
  const producer = kafka.producer();
  const admin = kafka.admin();
  const stream: StreamRecord[] = [];
  let reader: Consumer;
  let front: RunningApp;
  let dispatcher: RunningApp | undefined;
  let subscriptionId = '';
  let crashes = 0;
  /** An event stored before the subscription, whose stream record the second test writes behind a poisoned one. */
  let heldBack = '';
  const holder = { passportNo: `D${run.replace(/[^0-9]/g, '7').slice(0, 7)}`, nationality: 'DEU', birthDate: '1985-02-03' };
  const matching = (i: number) => aWorkPermitIssuedEvent({ data: { holder: { ...holder, name: `Stall ${run} ${i}` } } });

  beforeAll(async () => {
    await Promise.all([producer.connect(), admin.connect()]);
    front = await startHub({ env: { HUB_ROLES: 'api,relay' } });
    // The dispatcher's group starts at the stream's end, the reader's at the canonical topic's: the broker is shared with other suites.
    await startAtEnd(admin, group, DISPATCH_TOPIC);
    const readerGroup = `${group}-reader`;
    await startAtEnd(admin, readerGroup, CANONICAL_TOPICS.workPermit);
    reader = kafka.consumer({ groupId: readerGroup });
    await reader.connect();
    await reader.subscribe({ topic: CANONICAL_TOPICS.workPermit });
    await reader.run({
      eachMessage: ({ partition, message }) => {
        stream.push({
          partition,
          offset: message.offset,
          key: message.key,
          value: message.value?.toString('utf8') ?? '',
          headers: message.headers ?? {},
        });
        return Promise.resolve();
      },
    });
  }, 120_000);
  afterAll(async () => {
    await reader?.disconnect();
    await Promise.all([producer.disconnect(), admin.disconnect()]);
    await dispatcher?.close();
    await front?.destroy();
  }, 60_000);

  const recordOf = (eventId: string): Promise<StreamRecord> =>
    waitUntil(
      `the canonical record of ${eventId}`,
      () => stream.find((record) => (JSON.parse(record.value) as { id: string }).id === eventId),
      30_000,
    );
  const publishOne = async (event: Record<string, unknown>): Promise<string> => {
    const answer = await publish(front.url, event);
    expect(answer.status).toBe(202);
    return String(event['id']);
  };
  const deliveries = async (): Promise<{ eventId: string; sequence: number }[]> =>
    (
      await front.db.query<{ eventId: string; sequence: number }>(
        'SELECT event_id::text AS "eventId", sequence::int FROM subscription_deliveries WHERE subscription_id = $1 ORDER BY sequence',
        [subscriptionId],
      )
    ).rows;
  const deliveredUpTo = (count: number) =>
    waitUntil(`${count} deliveries`, async () => ((await deliveries()).length >= count ? true : undefined), 60_000);

  it('delivers every later event once, sequences gap-free, when the relay wrote a record twice', async () => {
    // Stored before the subscription exists: routing at commit gives them to no one; the stream will.
    const ids = [
      await publishOne(matching(1)),
      await publishOne(matching(2)),
      await publishOne(matching(3)),
      await publishOne(matching(4)),
    ];
    heldBack = await publishOne(matching(6));
    const records = await Promise.all(ids.map((id) => recordOf(id)));
    await recordOf(heldBack);
    subscriptionId = (
      await ensureSubscription(front.url, apiKeyOf(front.url, AGENCY), {
        name: `dispatch stall ${run}`,
        eventTypes: [{ type: 'work-permit.issued' }],
        filters: { attributes: [{ path: 'data.holder.name', op: 'prefix', value: `Stall ${run}` }] },
        channels: { kafka: true },
      })
    ).id;
    // The stream as an older hub wrote it, after the subscription was made: the second record written
    // twice more in the same send, so the copies land next to the original, in one batch with it.
    const twice = records[1] as StreamRecord;
    await producer.send({
      topic: DISPATCH_TOPIC,
      messages: [copyOf(records[0] as StreamRecord), copyOf(twice), copyOf(twice), copyOf(twice), ...records.slice(2).map(copyOf)],
    });

    dispatcher = await startHub({
      databaseUrl: front.databaseUrl,
      onboard: false,
      env: {
        HUB_ROLES: 'dispatch',
        DISPATCH_CONSUMER_GROUP: group,
        DISPATCH_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
        DISPATCH_STALL_ALARM_MS: '1000',
      },
    });
    const consumer = await waitUntil(
      'the dispatcher consumer',
      () => Reflect.get(dispatcher?.app.get(DispatcherService) ?? {}, 'consumer') as Consumer | undefined,
    );
    consumer.on(consumer.events.CRASH, () => (crashes += 1));
    await deliveredUpTo(4);
    expect(await deliveries()).toEqual(ids.map((eventId, i) => ({ eventId, sequence: i + 1 })));

    // A copy in a later batch is as harmless; an event published now is routed at commit, numbered on.
    await producer.send({ topic: DISPATCH_TOPIC, messages: [copyOf(twice)] });
    ids.push(await publishOne(matching(5)));
    await deliveredUpTo(5);
    expect(await deliveries()).toEqual(ids.map((eventId, i) => ({ eventId, sequence: i + 1 })));
    const inbound = await readInbound(kafka, subscriptionId, 5);
    expect(inbound).toEqual(ids.map((eventId, i) => ({ eventId, sequence: i + 1 })));
    expect(await deadLetters(front, twice.partition)).toEqual([]);
    expect(crashes).toBe(0);
  }, 180_000);

  it('parks a record that always fails after its tries, raising the stall alarm meanwhile, and delivers what follows', async () => {
    // A stored event the subscription does not take, written back as one it takes, with a subject
    // PostgreSQL refuses (NUL): every try to record its delivery fails the same way.
    const other = await publishOne(aWorkPermitIssuedEvent({ data: { holder: { ...holder, name: `Other ${run}` } } }));
    const original = await recordOf(other);
    const behind = await recordOf(heldBack);
    const partition = (await recordOf(String((await deliveries())[0]?.eventId))).partition;
    const poisoned = JSON.parse(original.value) as { subject: string; data: { holder: { name: string } } };
    poisoned.subject = `${poisoned.subject}\u0000`;
    poisoned.data.holder.name = `Stall ${run} poisoned`;
    const [sent] = await producer.send({
      topic: DISPATCH_TOPIC,
      messages: [
        { ...copyOf(original), partition, value: JSON.stringify(poisoned) },
        { ...copyOf(behind), partition },
      ],
    });
    const poisonOffset = String(sent?.baseOffset);

    const health = async () =>
      (await (await fetch(`${dispatcher?.url}/health`)).json()) as { status: string; alarms: { partition: number; offset: number }[] };
    const alarm = await waitUntil(
      'the stall alarm',
      async () => ((await health()).status === 'degraded' ? health() : undefined),
      30_000,
      100,
    );
    expect(alarm.alarms).toEqual([
      expect.objectContaining({ code: 'DISPATCH_PARTITION_STALLED', partition, offset: Number(poisonOffset) }),
    ]);

    const parked = await waitUntil(
      'the poisoned record in dead_letters',
      async () => (await deadLetters(front, partition)).find((row) => row.offset === poisonOffset),
      60_000,
    );
    expect(parked.errorCode).toBe('DISPATCH_FAILED');
    expect(parked.errorMessage).toContain(`failed ${MAX_ATTEMPTS} times`);
    await deliveredUpTo(6);
    expect((await deliveries()).at(-1)).toEqual({ eventId: heldBack, sequence: 6 });
    await waitUntil('the alarm cleared', async () => ((await health()).status === 'ok' ? true : undefined), 30_000);
    expect(crashes).toBe(0);
  }, 180_000);
});

function copyOf(record: StreamRecord): { partition: number; key: Buffer | null; value: string; headers: IHeaders } {
  return { partition: record.partition, key: record.key, value: record.value, headers: record.headers };
}

/** Points a new consumer group at the end of every partition of `topic`. */
async function startAtEnd(admin: Admin, groupId: string, topic: string): Promise<void> {
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.setOffsets({
    groupId,
    topic,
    partitions: ends.map((end) => ({ partition: end.partition, offset: end.high })),
  });
}

async function deadLetters(app: RunningApp, partition: number): Promise<{ offset: string; errorCode: string; errorMessage: string }[]> {
  const rows = await app.db.query<{ offset: string; errorCode: string; errorMessage: string }>(
    `SELECT "offset"::text AS offset, error_code AS "errorCode", error_message AS "errorMessage" FROM dead_letters
      WHERE topic = $1 AND partition = $2 AND error_code <> 'EVENT_NOT_STORED'`,
    [DISPATCH_TOPIC, partition],
  );
  return rows.rows;
}

/** The subscription's records on the agency's inbound topic, once `count` arrived. */
async function readInbound(kafka: Kafka, subscriptionId: string, count: number): Promise<{ eventId: string; sequence: number }[]> {
  const consumer = kafka.consumer({ groupId: `dispatch-stall-inbound-${randomUUID()}` });
  const records: { eventId: string; sequence: number }[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: agencyInboundTopic(AGENCY), fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }: { message: KafkaMessage }) => {
        if (message.headers?.['hub-subscription-id']?.toString() === subscriptionId) {
          const event = JSON.parse(message.value?.toString('utf8') ?? '{}') as { id: string };
          records.push({ eventId: event.id, sequence: Number(message.headers['hub-sequence']?.toString()) });
        }
        return Promise.resolve();
      },
    });
    await waitUntil(`${count} records on ${agencyInboundTopic(AGENCY)}`, () => records.length >= count, 60_000);
    return records.sort((a, b) => a.sequence - b.sequence);
  } finally {
    await consumer.disconnect();
  }
}
