import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE, exampleEvent, KAFKA_HEADERS, type EventContract } from '@hub/contracts';
import { cloudEventProblem, contractAjv, waitUntil, testKafkaClient } from '@hub/testing';
import { type Consumer } from 'kafkajs';
import { countRows, publish, startHub, type RunningApp } from '../support/running-apps.js';

type Event = Record<string, unknown> & { data: Record<string, unknown> };

/**
 * The contract's example as a fresh event: new id, and a person nobody else's test uses (a new
 * subject id where the contract names no person in data, as linkage.* does).
 */
function freshEvent(contract: EventContract, name?: string): Event {
  const event = exampleEvent(contract) as Event;
  if (!contract.identify) {
    return { ...event, id: randomUUID(), correlationid: `catalogue-${randomUUID()}`, subject: `sub_${randomUUID().replaceAll('-', '')}` };
  }
  const holder = { ...(event.data['holder'] as Record<string, unknown>) };
  holder['passportNo'] = `P${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
  if (name) holder['name'] = name;
  return { ...event, id: randomUUID(), correlationid: `catalogue-${randomUUID()}`, data: { ...event.data, holder } };
}

/**
 * The whole catalogue at the hub's door, on the real broker and database: every event type and
 * version is accepted and lands on its canonical topic with the contract's headers, and a broken
 * event of every type is refused naming the field, the rule and the reason in English and Chinese.
 */
describe('every contract in the catalogue, through the hub', () => {
  let hub: RunningApp;
  const kafka = testKafkaClient('catalogue-test');

  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub?.destroy();
  });

  /** Reads the canonical topics from the start until every id is seen; returns where each landed. */
  async function recordsOf(ids: readonly string[]): Promise<Map<string, { topic: string; key: string; headers: Record<string, string> }>> {
    const seen = new Map<string, { topic: string; key: string; headers: Record<string, string> }>();
    const notCloudEvents: string[] = [];
    const consumer: Consumer = kafka.consumer({ groupId: `catalogue-${randomUUID()}` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [...new Set(EVENT_CATALOGUE.map((contract) => contract.topic))], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ topic, message }) => {
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
          seen.set(headers[KAFKA_HEADERS.eventId] ?? '', { topic, key: String(message.key), headers });
          const problem = cloudEventProblem(message.value);
          if (problem) notCloudEvents.push(`${topic}@${message.offset}: ${problem}`);
          await Promise.resolve();
        },
      });
      await waitUntil('every event on its topic', () => ids.every((id) => seen.has(id)));
      // Every record of every canonical topic, judged by the official CloudEvents SDK.
      expect(notCloudEvents).toEqual([]);
      return seen;
    } finally {
      await consumer.disconnect();
    }
  }

  it(`accepts an event of each of the ${EVENT_CATALOGUE.length} contracts and publishes it on its canonical topic`, async () => {
    const events = EVENT_CATALOGUE.map((contract) => freshEvent(contract));
    // Each agency publishes its own events, signed with its key, as one batch.
    for (const agency of new Set(events.map((event) => event['agency'] as string))) {
      const own = events.filter((event) => event['agency'] === agency);
      const answer = await publish(hub.url, { events: own });
      expect({ agency, error: answer.body.error }).toEqual({ agency, error: undefined });
      expect(answer.status).toBe(202);
      expect(answer.body.events?.map((outcome) => outcome.status)).toEqual(own.map(() => 'accepted'));
    }

    const ids = events.map((event) => event['id'] as string);
    // Every event relayed (its outbox row gone) before reading, so the topics exist with their leaders.
    await waitUntil('every event relayed', async () => (await countRows(hub.db, 'outbox', 'event_id = ANY($1::uuid[])', [ids])) === 0);
    const seen = await recordsOf(ids);
    const stored = await hub.db.query<{ id: string; subject: string }>('SELECT id::text, subject FROM events WHERE id = ANY($1::uuid[])', [
      events.map((event) => event['id']),
    ]);
    const subjects = new Map(stored.rows.map((row) => [row.id, row.subject]));
    EVENT_CATALOGUE.forEach((contract, index) => {
      const event = events[index] as Event;
      const record = seen.get(event['id'] as string);
      expect({ type: contract.type, topic: record?.topic, eventType: record?.headers[KAFKA_HEADERS.eventType] }).toEqual({
        type: contract.type,
        topic: contract.topic,
        eventType: contract.type,
      });
      expect(record?.headers[KAFKA_HEADERS.contractVersion]).toBe(String(contract.version));
      expect(record?.key).toBe(subjects.get(event['id'] as string));
      expect(record?.key).toMatch(/^sub_[0-9a-f]{32}$/);
    });
  });

  it('refuses a broken event of every contract, naming field path, rule and reason in English and Chinese, and stores none', async () => {
    const before = await countRows(hub.db, 'events');
    // The person is left out: the holder in data, or the subject where data names no one.
    const missing = EVENT_CATALOGUE.map((contract) => (contract.identify ? 'data.holder' : 'subject'));
    const events = EVENT_CATALOGUE.map((contract) => {
      const event: Record<string, unknown> = freshEvent(contract);
      const data = { ...(event['data'] as Record<string, unknown>) };
      if (contract.identify) delete data['holder'];
      else delete event['subject'];
      return { ...event, data };
    });
    const answer = await publish(hub.url, { events });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('VALIDATION_FAILED');
    const issues = answer.body.error?.issues ?? [];
    missing.forEach((field, index) => {
      expect(issues).toContainEqual({
        path: `events[${index}].${field}`,
        rule: 'isDefined',
        message: expect.stringContaining(`events[${index}].${field}`) as unknown as string,
        messageZh: `events[${index}].${field} 缺失（必填）`,
      });
    });
    expect(answer.body.error?.message).not.toMatch(/\bat .*\.(js|ts):\d+/);
    expect(await countRows(hub.db, 'events')).toBe(before);
  });

  it('refuses the payload of one type sent under another', async () => {
    const [first, second] = EVENT_CATALOGUE.filter((contract) => contract.version === 1);
    const event = { ...freshEvent(first as EventContract), data: (second as EventContract).example() };
    const answer = await publish(hub.url, event);
    expect(answer.status).toBe(400);
    expect(answer.body.error?.issues?.some((issue) => issue.path.startsWith('data.'))).toBe(true);
  });

  it('accepts names in any script, including CJK beyond the basic plane and Latin with diacritics, and refuses control characters', async () => {
    const [contract] = EVENT_CATALOGUE;
    const names = ['𠮷田 𡈽子', 'Nguyễn Thị Ánh', 'Zoë Ångström-Øvergård', 'محمد عبد الله', 'Дмитрий Шостакович'];
    const accepted = await publish(hub.url, { events: names.map((name) => freshEvent(contract as EventContract, name)) });
    expect(accepted.status).toBe(202);

    const refused = await publish(hub.url, freshEvent(contract as EventContract, 'Jean\u0000Dupont'));
    expect(refused.status).toBe(400);
    expect(refused.body.error?.issues).toContainEqual(
      expect.objectContaining({ path: 'data.holder.name', rule: 'hasNoControlCharacters', messageZh: 'data.holder.name 不能包含控制字符' }),
    );
  });

  it('serves the catalogue, each JSON Schema, example and code list over HTTP, and validates its examples with ajv', async () => {
    const listing = (await (await fetch(`${hub.url}/v1/contracts`)).json()) as {
      contracts: { type: string; version: number; schema: string; example: string }[];
      codeLists: { name: string; href: string }[];
    };
    expect(listing.contracts.map((contract) => `${contract.type}@${contract.version}`)).toEqual(
      EVENT_CATALOGUE.map((contract) => `${contract.type}@${contract.version}`),
    );
    const ajv = contractAjv();
    for (const contract of listing.contracts) {
      const schema = (await (await fetch(`${hub.url}${contract.schema}`)).json()) as Record<string, unknown>;
      const example = (await (await fetch(`${hub.url}${contract.example}`)).json()) as Record<string, unknown>;
      expect({ contract: contract.type, valid: ajv.validate(schema, example) }).toEqual({ contract: contract.type, valid: true });
    }
    const regions = (await (await fetch(`${hub.url}/v1/code-lists/region`)).json()) as { entries: { code: string; zh: string }[] };
    expect(regions.entries).toContainEqual(expect.objectContaining({ code: '310115', zh: '浦东新区' }));
    expect(listing.codeLists.map((list) => list.name)).toEqual(expect.arrayContaining(['nationality', 'region', 'permit-class']));

    const missing = await fetch(`${hub.url}/v1/contracts/work-permit.issued/v9/schema`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string; messageZh: string } }).error).toMatchObject({
      code: 'NOT_FOUND',
      messageZh: expect.stringContaining('未找到') as unknown as string,
    });
  });
});
