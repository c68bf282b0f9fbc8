import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { INBOUND_HEADERS } from '@hub/contracts';
import { OUTBOX_CHANNEL } from '@hub/messaging';
import { createMigratedTestDatabase, waitUntil, type MigratedTestDatabase } from '@hub/testing';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { HUB_MIGRATIONS } from '../migrations/index.js';
import type { Subscription } from '../subscriptions/index.js';
import type { PreparedEvent } from './event-store.port.js';
import type { EventStoreRepository } from './event-store.repository.js';
import { EventIdConflictError, EventStoreUnavailableError } from './events.errors.js';
import { CANONICAL_TOPIC, insertAgency, prepared, routingEventStore, subscribe } from './testing/routing-fixture.js';

const INBOUND_TOPIC = 'agency.psb-310000.inbound';

/**
 * The publish statement on the real PostgreSQL: an event, its outbox records (its canonical topic,
 * then its subscribers' inbound topics), its deliveries and its audit rows are stored together or
 * not at all; a resent event is a duplicate and records nothing; an id reused for other content
 * refuses the whole request.
 */
describe('EventStoreRepository.storeNew (the publish statement)', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let store: EventStoreRepository;
  let psb: Subscription;

  beforeAll(async () => {
    database = await createMigratedTestDatabase('publish', HUB_MIGRATIONS);
    dataSource = database.dataSource;
    psb = await subscribe(dataSource, await insertAgency(dataSource, 'psb'));
    ({ store } = await routingEventStore(dataSource));
  });
  afterAll(async () => {
    await database?.drop();
  });

  /** What the store holds of these events: event rows, outbox rows (in order), deliveries and audit rows. */
  async function storedOf(
    events: readonly PreparedEvent[],
  ): Promise<{ events: string[]; outbox: string[]; deliveries: string[]; audit: string[] }> {
    const ids = events.map((e) => e.id);
    const rows = async (sql: string): Promise<string[]> => (await dataSource.query<{ row: string }[]>(sql, [ids])).map((r) => r.row);
    return {
      events: await rows(`SELECT id::text || ' ' || content_hash AS row FROM events WHERE id = ANY($1::uuid[]) ORDER BY received_at, id`),
      outbox: await rows(`SELECT event_id::text || ' ' || topic AS row FROM outbox WHERE event_id = ANY($1::uuid[]) ORDER BY id`),
      deliveries: await rows(
        `SELECT event_id::text AS row FROM subscription_deliveries WHERE event_id = ANY($1::uuid[]) ORDER BY subscription_id, sequence`,
      ),
      audit: await rows(
        `SELECT coalesce(event_id::text, detail->>'eventIds') || ' ' || action || ' ' || actor || ' ' || purpose AS row FROM audit_trail
          WHERE event_id = ANY($1::uuid[]) OR detail->'eventIds' ?| $1::text[] ORDER BY seq, leaf`,
      ),
    };
  }

  const expected = (events: readonly PreparedEvent[]) => ({
    events: events.map((e) => `${e.id} ${e.contentHash}`).sort(),
    outbox: events.flatMap((e) => [`${e.id} ${CANONICAL_TOPIC}`, `${e.id} ${INBOUND_TOPIC}`]),
    deliveries: events.map((e) => e.id),
    audit: [
      ...events.map((e) => `${e.id} event.published agency:bureau-310000 work-permit-administration`),
      // One row for the subscription's run of deliveries: the event's id, or the ids as jsonb prints them.
      `${events.length === 1 ? events[0]?.id : `[${events.map((e) => `"${e.id}"`).join(', ')}]`} event.dispatched system:router exit-entry-administration`,
    ],
  });
  const sorted = <T extends { events: string[] }>(stored: T): T => ({ ...stored, events: [...stored.events].sort() });

  it('stores new events with their outbox records, numbered deliveries and audit rows in request order, and wakes the relay', async () => {
    const listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    const notified: string[] = [];
    listener.on('notification', (message) => notified.push(message.channel));
    await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    try {
      const events = [prepared(), prepared(), prepared()];
      const [{ next } = { next: 0 }] = await dataSource.query<{ next: number }[]>(
        'SELECT next_sequence::int AS next FROM subscriptions WHERE id = $1',
        [psb.id],
      );
      expect((await store.storeNew(events)).duplicates).toEqual(new Set());
      expect(sorted(await storedOf(events))).toEqual(expected(events));
      const inbound = await dataSource.query<{ sequence: string; subscription: string }[]>(
        `SELECT headers->>$2 AS sequence, headers->>$3 AS subscription FROM outbox WHERE event_id = ANY($1::uuid[]) AND topic = $4 ORDER BY id`,
        [events.map((e) => e.id), INBOUND_HEADERS.sequence, INBOUND_HEADERS.subscriptionId, INBOUND_TOPIC],
      );
      expect(inbound).toEqual(events.map((_, i) => ({ sequence: String(next + i), subscription: psb.id })));
      await waitUntil('the relay woken on the outbox channel', () => notified.includes(OUTBOX_CHANNEL), 10_000);
    } finally {
      await listener.end();
    }
  });

  it('answers a resent event as a duplicate, records nothing of it again, and stores only the new events of a request', async () => {
    const sent = prepared();
    await store.storeNew([sent]);
    const fresh = prepared();
    expect((await store.storeNew([{ ...sent }, fresh])).duplicates).toEqual(new Set([sent.id]));
    const stored = await storedOf([sent, fresh]);
    expect(stored.outbox).toEqual([...expected([sent]).outbox, ...expected([fresh]).outbox]);
    expect(stored.deliveries).toEqual([sent.id, fresh.id]);
    expect(stored.audit).toEqual([...expected([sent]).audit, ...expected([fresh]).audit]);
  });

  it('stores an event sent by concurrent requests once, and tells the others it is a duplicate', async () => {
    const sent = prepared();
    const answers = await Promise.all(Array.from({ length: 6 }, () => store.storeNew([{ ...sent }])));
    expect(answers.filter(({ duplicates }) => duplicates.size === 0)).toHaveLength(1);
    expect(answers.filter(({ duplicates }) => duplicates.has(sent.id))).toHaveLength(5);
    expect(await storedOf([sent])).toEqual(expected([sent]));
  });

  it('refuses a request that reuses an id for other content, naming the id, and stores nothing of it', async () => {
    const original = prepared();
    await store.storeNew([original]);
    const fresh = prepared();
    const reused = prepared(original.id, 'changed');
    const refusal = await store.storeNew([fresh, reused]).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(EventIdConflictError);
    expect((refusal as EventIdConflictError).eventIds).toEqual([original.id]);
    expect(await storedOf([original, fresh])).toEqual(expected([original]));
  });

  it('stores nothing of a request when any of its rows fails: events, outbox records, deliveries and audit rows commit together', async () => {
    const poisoned = prepared();
    // The inbound record of one event fails after its canonical one was written.
    await dataSource.query(`
      CREATE FUNCTION refuse_poisoned_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.event_id = '${poisoned.id}' AND NEW.topic = '${INBOUND_TOPIC}' THEN RAISE EXCEPTION 'refused for the test'; END IF;
        RETURN NEW;
      END $$`);
    await dataSource.query('CREATE TRIGGER refuse_poisoned BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION refuse_poisoned_outbox()');
    try {
      const before = prepared();
      await expect(store.storeNew([before, poisoned])).rejects.toBeInstanceOf(EventStoreUnavailableError);
      expect(await storedOf([before, poisoned])).toEqual({ events: [], outbox: [], deliveries: [], audit: [] });
    } finally {
      await dataSource.query('DROP TRIGGER refuse_poisoned ON outbox');
      await dataSource.query('DROP FUNCTION refuse_poisoned_outbox()');
    }
  });
});
