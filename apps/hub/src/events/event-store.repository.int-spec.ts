import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE, KAFKA_HEADERS } from '@hub/contracts';
import { OUTBOX_CHANNEL } from '@hub/messaging';
import { createMigratedTestDatabase, waitUntil, type MigratedTestDatabase } from '@hub/testing';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { HUB_MIGRATIONS } from '../migrations/index.js';
import type { PreparedEvent } from './event-store.port.js';
import { EventStoreRepository } from './event-store.repository.js';
import { EventIdConflictError, EventStoreUnavailableError } from './events.errors.js';

const CANONICAL_TOPIC = EVENT_CATALOGUE.find((contract) => contract.type === 'work-permit.issued')?.topic ?? '';
const DISPATCH_STREAM = 'hub.internal.dispatch';

/** An event as prepareEvent hands it to the store; `content` stands for what the publisher sent. */
function prepared(id: string = randomUUID(), content = 'first'): PreparedEvent {
  const payload = JSON.stringify({ id, type: 'work-permit.issued', content });
  return {
    id,
    type: 'work-permit.issued',
    contractVersion: 1,
    agency: 'bureau-310000',
    region: '310115',
    subject: `sub_${randomUUID().replace(/-/g, '')}`,
    occurredAt: '2026-03-02T09:30:00+08:00',
    correlationId: `corr-${id}`,
    contentHash: createHash('sha256').update(payload).digest('hex'),
    payload,
    storedEnvelope: payload,
    topic: CANONICAL_TOPIC,
    purpose: 'work-permit-administration',
    headers: { [KAFKA_HEADERS.eventId]: id, [KAFKA_HEADERS.eventType]: 'work-permit.issued' },
  };
}

/**
 * The publish statement on the real PostgreSQL: an event, its two outbox records (its canonical
 * topic, then the dispatch stream) and its `event.published` audit row are stored together or not
 * at all; a resent event is a duplicate; an id reused for other content refuses the whole request.
 */
describe('EventStoreRepository.storeNew (the publish statement)', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let store: EventStoreRepository;

  beforeAll(async () => {
    database = await createMigratedTestDatabase('publish', HUB_MIGRATIONS);
    dataSource = database.dataSource;
    store = new EventStoreRepository(dataSource);
  });
  afterAll(async () => {
    await database?.drop();
  });

  /** What the store holds of these events: event rows, outbox rows (in order) and audit rows. */
  async function storedOf(events: readonly PreparedEvent[]): Promise<{ events: string[]; outbox: string[]; audit: string[] }> {
    const ids = events.map((e) => e.id);
    const rows = async (sql: string): Promise<string[]> => (await dataSource.query<{ row: string }[]>(sql, [ids])).map((r) => r.row);
    return {
      events: await rows(`SELECT id::text || ' ' || content_hash AS row FROM events WHERE id = ANY($1::uuid[]) ORDER BY received_at, id`),
      outbox: await rows(`SELECT event_id::text || ' ' || topic AS row FROM outbox WHERE event_id = ANY($1::uuid[]) ORDER BY id`),
      audit: await rows(
        `SELECT event_id::text || ' ' || action || ' ' || actor || ' ' || purpose AS row FROM audit_trail WHERE event_id = ANY($1::uuid[]) ORDER BY seq, leaf`,
      ),
    };
  }

  const expected = (events: readonly PreparedEvent[]): { events: string[]; outbox: string[]; audit: string[] } => ({
    events: events.map((e) => `${e.id} ${e.contentHash}`).sort(),
    outbox: events.flatMap((e) => [`${e.id} ${CANONICAL_TOPIC}`, `${e.id} ${DISPATCH_STREAM}`]),
    audit: events.map((e) => `${e.id} event.published agency:bureau-310000 work-permit-administration`),
  });

  it('stores new events with their outbox records and audit rows in request order, and wakes the relay', async () => {
    const listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    const notified: string[] = [];
    listener.on('notification', (message) => notified.push(message.channel));
    await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    try {
      const events = [prepared(), prepared(), prepared()];
      expect(await store.storeNew(events)).toEqual(new Set());
      const stored = await storedOf(events);
      expect({ ...stored, events: [...stored.events].sort() }).toEqual(expected(events));
      await waitUntil('the relay woken on the outbox channel', () => notified.includes(OUTBOX_CHANNEL), 10_000);
    } finally {
      await listener.end();
    }
  });

  it('answers a resent event as a duplicate and stores only the new events of a request', async () => {
    const sent = prepared();
    await store.storeNew([sent]);
    const fresh = prepared();
    expect(await store.storeNew([{ ...sent }, fresh])).toEqual(new Set([sent.id]));
    const stored = await storedOf([sent, fresh]);
    expect({ ...stored, events: [...stored.events].sort() }).toEqual(expected([sent, fresh]));
  });

  it('stores an event sent by concurrent requests once, and tells the others it is a duplicate', async () => {
    const sent = prepared();
    const answers = await Promise.all(Array.from({ length: 6 }, () => store.storeNew([{ ...sent }])));
    expect(answers.filter((duplicates) => duplicates.size === 0)).toHaveLength(1);
    expect(answers.filter((duplicates) => duplicates.has(sent.id))).toHaveLength(5);
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

  it('stores nothing of a request when any of its rows fails: events, outbox records and audit rows commit together', async () => {
    const poisoned = prepared();
    // The dispatch-stream record of one event fails after the canonical one was written.
    await dataSource.query(`
      CREATE FUNCTION refuse_poisoned_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.event_id = '${poisoned.id}' AND NEW.topic = '${DISPATCH_STREAM}' THEN RAISE EXCEPTION 'refused for the test'; END IF;
        RETURN NEW;
      END $$`);
    await dataSource.query('CREATE TRIGGER refuse_poisoned BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION refuse_poisoned_outbox()');
    try {
      const before = prepared();
      await expect(store.storeNew([before, poisoned])).rejects.toBeInstanceOf(EventStoreUnavailableError);
      expect(await storedOf([before, poisoned])).toEqual({ events: [], outbox: [], audit: [] });
    } finally {
      await dataSource.query('DROP TRIGGER refuse_poisoned ON outbox');
      await dataSource.query('DROP FUNCTION refuse_poisoned_outbox()');
    }
  });
});
