import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { INBOUND_HEADERS, KAFKA_HEADERS } from '@hub/contracts';
import { agencyInboundTopic } from '@hub/messaging';
import { aWorkPermitIssuedEvent, aWorkPermitIssuedV2Event, cloudEventProblem, waitUntil, testKafkaClient } from '@hub/testing';
import type { Message } from 'kafkajs';
import { countRows, psbGroupId, startPsbAdapter, type RunningPsbAdapter, PSB_READER_HEADERS } from '../support/running-apps.js';

type Json = Record<string, unknown>;

/**
 * The public-security adapter reading its agency's inbound topic, fed here with records written as
 * the hub writes them (the projected event, the delivery headers), for an agency of its own so no
 * other suite's records are on the topic: it starts before the hub has created the topic and says
 * what it waits for; it dead-letters every kind of record it cannot use, naming the field and rule,
 * and records what comes behind; it warns of a gap in a subscription's sequence numbers, but not of
 * a replayed record's.
 */
describe('public-security adapter on its inbound topic', () => {
  const agency = `psb-${randomInt(900_000, 999_999)}`;
  const topic = agencyInboundTopic(agency);
  const kafka = testKafkaClient('psb-inbound-test');
  const lines: string[] = [];
  const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const subscription = randomUUID();
  let psb: RunningPsbAdapter;

  beforeAll(async () => {
    const capture = (chunk: string | Uint8Array): boolean => {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
    process.stdout.write = capture;
    process.stderr.write = capture;
    psb = await startPsbAdapter({
      groupId: psbGroupId('inbound', agency),
      env: { AGENCY_ID: agency, LOG_LEVELS: 'log,warn,error,fatal', SEQUENCE_GAP_GRACE_MS: '0' },
    });
  });
  afterAll(async () => {
    await psb?.destroy();
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
  });

  /** The log entries written so far whose message contains `text`, with their level. */
  function logged(text: string): Json[] {
    return lines
      .flatMap((line) => line.split('\n'))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Json)
      .filter((entry) => String(entry['message']).includes(text));
  }

  /** An issued event as public security's projection delivers it: no signature, no employer, position or points. */
  function projectedIssued(overrides: Json = {}): Json {
    const { data, ...envelope } = aWorkPermitIssuedEvent();
    const { permitNo, permitClass, holder, validFrom, validTo } = data as Json;
    return {
      ...envelope,
      subject: `sub_${randomBytes(16).toString('hex')}`,
      correlationid: `inbound-${randomUUID()}`,
      data: { permitNo, permitClass, holder, validFrom, validTo },
      ...overrides,
    };
  }

  function delivered(event: Json | string, headers: Record<string, string | undefined>): Message {
    const id = typeof event === 'string' ? randomUUID() : String(event['id']);
    return {
      key: 'sub_inbound_test',
      value: typeof event === 'string' ? event : JSON.stringify(event),
      headers: Object.fromEntries(
        Object.entries({ [KAFKA_HEADERS.eventId]: id, ...headers }).filter((entry): entry is [string, string] => entry[1] !== undefined),
      ),
    };
  }

  function live(event: Json | string, sequence: number, subscriptionId = subscription): Message {
    return delivered(event, { [INBOUND_HEADERS.subscriptionId]: subscriptionId, [INBOUND_HEADERS.sequence]: String(sequence) });
  }

  async function send(...messages: Message[]): Promise<void> {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages });
    await producer.disconnect();
  }

  async function recordedPermit(permitNo: unknown): Promise<Json | undefined> {
    const response = await fetch(`${psb.url}/v1/work-permits/${String(permitNo)}`, { headers: PSB_READER_HEADERS });
    return response.status === 200 ? ((await response.json()) as Json) : undefined;
  }

  it('writes its records as the hub does: valid CloudEvents by the official SDK', () => {
    expect(cloudEventProblem(JSON.stringify(projectedIssued()))).toBeUndefined();
  });

  it('starts before its inbound topic exists, says what it waits for, and records once the topic is created', async () => {
    expect((await fetch(`${psb.url}/v1/work-permits/000000000000000000`, { headers: PSB_READER_HEADERS })).status).toBe(404);
    const waiting = await waitUntil('the adapter saying what it waits for', () => logged('waiting for Kafka topics to be created')[0]);
    expect(waiting).toMatchObject({ level: 'warn', missing: [topic], hint: expect.stringContaining('POST /v1/subscriptions') as unknown });

    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
    await admin.disconnect();
    const event = projectedIssued();
    await send(live(event, 1));
    const record = await waitUntil('the permit recorded', () => recordedPermit((event['data'] as Json)['permitNo']), 60_000);
    expect(record).toMatchObject({ sourceEventId: event['id'], status: 'valid', correlationId: event['correlationid'] });
    expect(logged('consuming').find((entry) => entry['message'] === 'consuming')).toMatchObject({
      topics: [topic],
      groupId: expect.stringMatching(`^agency\\.${agency}\\.`) as unknown,
    });
  });

  it('dead-letters each record it cannot use with its code and reason, and records the ones behind', async () => {
    const broken = projectedIssued();
    broken['data'] = {
      ...(broken['data'] as Json),
      permitNo: '12AB',
      holder: { ...((broken['data'] as Json)['holder'] as Json), birthDate: '1990-02-30' },
    };
    const v2 = aWorkPermitIssuedV2Event();
    const visa: Json = { ...projectedIssued(), type: 'visa.issued' };
    const behind = projectedIssued();
    await send(
      live(broken, 2),
      live({ ...v2, subject: 'sub_v2', correlationid: 'v2' }, 3),
      delivered(projectedIssued(), {}),
      live('{"this is": not json', 4),
      live(visa, 5),
      live(behind, 6),
    );
    await waitUntil('the permit behind them recorded', () => recordedPermit((behind['data'] as Json)['permitNo']), 60_000);

    const dead = await psb.db.query<{ error_code: string; error_message: string }>(
      'SELECT error_code, error_message FROM dead_letters ORDER BY "offset"',
    );
    expect(dead.rows.map((row) => row.error_code)).toEqual([
      'INVALID_RECORD',
      'UNSUPPORTED_CONTRACT_VERSION',
      'NOT_A_DELIVERY',
      'MALFORMED_JSON',
    ]);
    const reasons = dead.rows.map((row) => row.error_message);
    expect(reasons[0]).toContain('data.permitNo (matches /^\\d{18}$/)');
    expect(reasons[0]).toContain('data.holder.birthDate (isCalendarDate)');
    expect(reasons[1]).toContain('work-permit.issued v2 arrived; this adapter reads v1');
    expect(reasons[2]).toContain(`headers.${INBOUND_HEADERS.subscriptionId} (isUuid)`);
    expect(await countRows(psb.db, 'inbox', 'event_id = $1', [visa['id']])).toBe(0);
    expect(await countRows(psb.db, 'work_permits', "permit_no = '12AB'")).toBe(0);
    // Poison records keep their place in the sequence: 1 to 6 arrived, no gap.
    expect(logged('a gap in its sequence numbers')).toEqual([]);
  });

  it("warns of a gap in a subscription's sequence numbers with the numbers, but not of a replayed record's", async () => {
    const other = randomUUID();
    const batch = (count: number): Json[] => Array.from({ length: count }, () => projectedIssued());
    const [first, second, fourth] = batch(3) as [Json, Json, Json];
    await send(live(first, 1, other), live(second, 2, other));
    await send(live(fourth, 4, other));
    const gap = await waitUntil('the gap reported', () => logged('a gap in its sequence numbers')[0], 60_000);
    expect(gap).toMatchObject({ level: 'warn', subscriptionId: other, expectedSequence: 3, receivedSequence: 4 });

    // A replay sends what the subscription had, with its original numbers: a jump there is no gap.
    const replayed = projectedIssued();
    await send(
      delivered(replayed, {
        [INBOUND_HEADERS.subscriptionId]: other,
        [INBOUND_HEADERS.sequence]: '9',
        [INBOUND_HEADERS.replayId]: randomUUID(),
        [INBOUND_HEADERS.replaySequence]: '1',
      }),
    );
    await waitUntil('the replayed permit recorded', () => recordedPermit((replayed['data'] as Json)['permitNo']), 60_000);
    const rest = batch(4);
    await send(...rest.map((event, i) => live(event, 5 + i, other)));
    await waitUntil('the rest recorded', async () => (await countRows(psb.db, 'inbox', 'subscription_id = $1', [other])) === 8, 60_000);
    expect(logged('a gap in its sequence numbers')).toHaveLength(1);
    const progress = await psb.db.query('SELECT through::int, gap_expected FROM subscription_sequences WHERE subscription_id = $1', [
      other,
    ]);
    expect(progress.rows).toEqual([{ through: 9, gap_expected: null }]);
  });
});
