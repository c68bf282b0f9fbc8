import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { DeadLetterView } from '@hub/agency-kit';
import { INBOUND_HEADERS, KAFKA_HEADERS } from '@hub/contracts';
import { agencyInboundTopic } from '@hub/messaging';
import { createTestDatabase } from '@hub/persistence';
import {
  aWorkPermitIssuedEvent,
  grantTestAgencyKafkaAccess,
  TEST_DATABASE_SERVER_URL,
  testKafkaClient,
  testPsbAdapterEnvironment,
  waitUntil,
} from '@hub/testing';
import { Command } from 'commander';
import pg from 'pg';
import { loadPsbAdapterConfig } from '../config/psb-adapter-config.js';
import { createPsbAdapterApp } from '../create-psb-adapter-app.js';
import { PSB_DEAD_LETTER_COMMANDS } from './dead-letter.commands.js';

const OPERATOR_KEY = `ops-${randomUUID()}`;

/**
 * Public security's dead letters on the real broker and database, as a fresh agency of its own (no
 * other suite writes its topic): a record it cannot read is parked with field path and rule, listed
 * over the operator API, redriven (failing again while unfixed, applied once fixed), or discarded
 * with a reason that is kept; without an operator key the API answers 401. The CLI does the same.
 */
describe('public-security adapter dead letters', () => {
  const agencyId = `psb-${randomInt(800_000, 899_999)}`;
  const topic = agencyInboundTopic(agencyId);
  const kafka = testKafkaClient('psb-dead-letters-spec');
  let database: { url: string; drop: () => Promise<void> };
  let db: pg.Client;
  let app: INestApplication;
  let url: string;
  const subscriptionId = randomUUID();

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'psb_dead_letters');
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] }).finally(() => admin.disconnect());
    const env = testPsbAdapterEnvironment({
      databaseUrl: database.url,
      agencyId,
      kafkaPassword: await grantTestAgencyKafkaAccess(agencyId),
      groupId: `agency.${agencyId}.dead-letters-${randomUUID()}`,
    });
    app = await createPsbAdapterApp(loadPsbAdapterConfig({ ...env, OPERATOR_API_KEYS: `psb-ops:${OPERATOR_KEY}` }));
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await db?.end();
    await database?.drop();
  });

  /** A permit event as the hub delivers it to public security, with `data` changed as given. */
  function delivery(sequence: number, data: Record<string, unknown> = {}): { key: string; value: string; headers: Record<string, string> } {
    const { data: issued, ...envelope } = aWorkPermitIssuedEvent();
    const { permitNo, permitClass, holder, validFrom, validTo } = issued as Record<string, unknown>;
    const subject = `sub_${randomUUID().replace(/-/g, '')}`;
    const event = {
      ...envelope,
      subject,
      correlationid: `psb-dead-letters-${randomUUID()}`,
      data: { permitNo, permitClass, holder, validFrom, validTo, ...data },
    };
    return {
      key: subject,
      value: JSON.stringify(event),
      headers: {
        [KAFKA_HEADERS.eventId]: String(envelope['id']),
        [INBOUND_HEADERS.subscriptionId]: subscriptionId,
        [INBOUND_HEADERS.sequence]: String(sequence),
      },
    };
  }

  async function call(method: string, path: string, body?: unknown, key: string | null = OPERATOR_KEY): Promise<Response> {
    return fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  const listed = async (): Promise<DeadLetterView[]> =>
    ((await (await call('GET', '/v1/dead-letters')).json()) as { deadLetters: DeadLetterView[] }).deadLetters;

  const permitsHeld = async (permitNo: string): Promise<number> =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM work_permits WHERE permit_no = $1', [permitNo])).rows[0]?.n ?? -1;

  it('parks a record it cannot read, lists it, redrives it once fixed and discards another with a reason; 401 without a key', async () => {
    const unreadable = delivery(1, { validTo: 'end of 2027' });
    const permitNo = String((JSON.parse(unreadable.value) as { data: { permitNo: string } }).data.permitNo);
    const producer = kafka.producer();
    await producer.connect();
    await producer
      .send({ topic, messages: [unreadable, { key: 'poison', value: 'not an event', headers: {} }, delivery(2)] })
      .finally(() => producer.disconnect());

    const parked = await waitUntil('both records parked', async () => {
      const letters = await listed();
      return letters.length === 2 && letters;
    });
    const badDate = parked.find((letter) => letter.offset === '0');
    const notAnEvent = parked.find((letter) => letter.offset === '1');
    expect(badDate).toMatchObject({ topic, partition: 0, offset: '0', errorMessage: expect.stringContaining('data.validTo') as unknown });
    expect(notAnEvent).toMatchObject({ topic, offset: '1' });
    expect(await permitsHeld(permitNo)).toBe(0);

    // Without a key, or with a wrong one, nothing is shown or done.
    for (const [method, path, body] of [
      ['GET', '/v1/dead-letters', undefined],
      ['GET', `/v1/dead-letters/${notAnEvent!.id}`, undefined],
      ['POST', '/v1/dead-letters/redrive', {}],
      ['POST', `/v1/dead-letters/${notAnEvent!.id}/discard`, { reason: 'not an event' }],
    ] as const) {
      for (const key of [null, `wrong-${randomUUID()}`]) {
        const refused = await call(method, path, body, key);
        expect({ path, status: refused.status }).toEqual({ path, status: 401 });
        expect(await refused.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
      }
    }
    expect(await listed()).toHaveLength(2);
    // One by id, as listed; an id that is not a whole number is refused, naming it.
    const one = await call('GET', `/v1/dead-letters/${notAnEvent!.id}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual(notAnEvent);
    const badId = await call('GET', '/v1/dead-letters/one');
    expect(badId.status).toBe(400);
    expect(await badId.json()).toMatchObject({ error: { issues: [{ path: 'id', rule: 'wholeNumber' }] } });

    // Redriven unfixed, it fails again and stays; fixed (as after the sender's correction), it applies.
    const again = await call('POST', '/v1/dead-letters/redrive', { ids: [badDate!.id] });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ redriven: 1, recovered: 0, deadLetteredAgain: 1 });
    // Parked again (a new dead letter, with the new reason) for the same record.
    const reparked = (await listed()).find((letter) => letter.offset === '0');
    expect(reparked).toMatchObject({ errorMessage: expect.stringContaining('data.validTo') as unknown });
    expect(reparked!.id).not.toBe(badDate!.id);
    await db.query(`UPDATE dead_letters SET payload = replace(payload, '"end of 2027"', '"2027-12-31"') WHERE "offset" = 0`);
    const fixed = await call('POST', '/v1/dead-letters/redrive', { ids: [reparked!.id] });
    expect(await fixed.json()).toEqual({ redriven: 1, recovered: 1, deadLetteredAgain: 0 });
    expect(await permitsHeld(permitNo)).toBe(1);

    // A discard needs a reason (field path and rule), is kept with it and the operator key's name, and leaves the list.
    const noReason = await call('POST', `/v1/dead-letters/${notAnEvent!.id}/discard`, { reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(await noReason.json()).toMatchObject({ error: { issues: [{ path: 'reason', rule: 'text', messageZh: expect.any(String) }] } });
    const badIds = await call('POST', '/v1/dead-letters/redrive', { ids: [1, 'two'] });
    expect(await badIds.json()).toMatchObject({ error: { issues: [{ path: 'ids[1]', rule: 'wholeNumber' }] } });
    const discarded = await call('POST', `/v1/dead-letters/${notAnEvent!.id}/discard`, { reason: 'a test message, not an event' });
    expect(discarded.status).toBe(200);
    expect(await discarded.json()).toMatchObject({ id: notAnEvent!.id, resolvedBy: 'psb-ops', reason: 'a test message, not an event' });
    expect(await listed()).toEqual([]);
    expect((await call('POST', `/v1/dead-letters/${notAnEvent!.id}/discard`, { reason: 'again' })).status).toBe(404);
    const gone = await call('GET', `/v1/dead-letters/${notAnEvent!.id}`);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(await (await call('POST', '/v1/dead-letters/redrive', {})).json()).toEqual({ redriven: 0, recovered: 0, deadLetteredAgain: 0 });
    const { rows } = await db.query('SELECT resolution, resolved_by, resolution_reason FROM dead_letters');
    expect(rows).toEqual([{ resolution: 'discarded', resolved_by: 'psb-ops', resolution_reason: 'a test message, not an event' }]);
  });

  it('lists, redrives and discards from the command line (npm run psb -- …) on the same database', async () => {
    const unreadable = delivery(3, { validFrom: 'soon' });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [unreadable] }).finally(() => producer.disconnect());
    const [letter] = await waitUntil('the record parked', async () => {
      const letters = await listed();
      return letters.length === 1 && letters;
    });

    const lines: string[] = [];
    const run = async (...args: string[]): Promise<void> => {
      const program = new Command('psb').exitOverride();
      for (const register of PSB_DEAD_LETTER_COMMANDS) register(program);
      const log = console.log;
      console.log = (line: unknown) => lines.push(String(line));
      try {
        await program.parseAsync(['node', 'psb', ...args]);
      } finally {
        console.log = log;
      }
    };
    const env = { DATABASE_URL: process.env['DATABASE_URL'], AGENCY_ID: process.env['AGENCY_ID'] };
    process.env['DATABASE_URL'] = database.url;
    process.env['AGENCY_ID'] = agencyId;
    try {
      await run('dead-letters', '--json');
      expect(JSON.parse(lines.join('\n'))).toEqual({ deadLetters: [expect.objectContaining({ id: letter!.id })] });
      lines.length = 0;
      await run('redrive');
      expect(lines).toEqual(['redriven 1: applied 0, dead-lettered again 1']);
      lines.length = 0;
      // Parked again under a new id.
      const [again] = await listed();
      expect(again).toMatchObject({ offset: letter!.offset, errorMessage: expect.stringContaining('data.validFrom') as unknown });
      await expect(run('discard', String(again!.id))).rejects.toMatchObject({ code: 'commander.missingMandatoryOptionValue' });
      await expect(run('discard', String(letter!.id), '--reason', 'gone')).rejects.toThrow(`No dead letter ${letter!.id} is held`);
      await run('discard', String(again!.id), '--reason', 'superseded by a corrected event', '--by', 'desk-officer');
      expect(lines).toEqual([`dead letter ${again!.id} discarded by desk-officer: superseded by a corrected event`]);
    } finally {
      for (const [name, value] of Object.entries(env)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    expect(await listed()).toEqual([]);
  });
});
