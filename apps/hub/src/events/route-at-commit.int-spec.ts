import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMigratedTestDatabase, waitUntil, type MigratedTestDatabase } from '@hub/testing';
import type { DataSource, QueryRunner } from 'typeorm';
import { HUB_MIGRATIONS } from '../migrations/index.js';
import type { Subscription } from '../subscriptions/index.js';
import type { EventStoreRepository } from './event-store.repository.js';
import { insertAgency, prepared, routingEventStore, subscribe, type DatabaseRoutingViews } from './testing/routing-fixture.js';

/**
 * Routing at commit on the real PostgreSQL: each subscription numbers what it receives 1, 2, 3 …
 * without gaps and in event order, whatever the number of publishers at once; webhooks are queued
 * and numbered the same way; withholdings are recorded; and a change of the subscriptions committed
 * before an event's commit applies to it, one committed after does not.
 */
describe('routing at commit (the publish statement)', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let store: EventStoreRepository;
  let views: DatabaseRoutingViews;
  let psbAgency: string;
  let creditAgency: string;

  beforeAll(async () => {
    database = await createMigratedTestDatabase('route_at_commit', HUB_MIGRATIONS, 20);
    dataSource = database.dataSource;
    psbAgency = await insertAgency(dataSource, 'psb');
    creditAgency = await insertAgency(dataSource, 'credit');
  });
  afterAll(async () => {
    await database?.drop();
  });

  /** Subscriptions made now, and a store whose view holds them. */
  async function withSubscriptions(...made: Promise<Subscription>[]): Promise<Subscription[]> {
    const subscriptions = await Promise.all(made);
    ({ store, views } = await routingEventStore(dataSource));
    return subscriptions;
  }

  /** The subscription's deliveries as stored: event ids in sequence order, the sequences, and the next number. */
  async function deliveries(s: Subscription): Promise<{ sequences: number[]; eventIds: string[]; next: number }> {
    const rows = await dataSource.query<{ sequence: number; event_id: string }[]>(
      'SELECT sequence::int, event_id::text FROM subscription_deliveries WHERE subscription_id = $1 ORDER BY sequence',
      [s.id],
    );
    const [{ next } = { next: -1 }] = await dataSource.query<{ next: number }[]>(
      'SELECT next_sequence::int AS next FROM subscriptions WHERE id = $1',
      [s.id],
    );
    return { sequences: rows.map((r) => r.sequence), eventIds: rows.map((r) => r.event_id), next };
  }

  it('numbers each subscription on its own, gap-free and in event order, across publishes', async () => {
    const [first, second] = await withSubscriptions(subscribe(dataSource, psbAgency), subscribe(dataSource, psbAgency));
    const events = [prepared(), prepared(), prepared()];
    await store.storeNew(events.slice(0, 2));
    await store.storeNew(events.slice(2));
    for (const s of [first, second] as Subscription[]) {
      expect(await deliveries(s)).toEqual({ sequences: [1, 2, 3], eventIds: events.map((e) => e.id), next: 4 });
    }
  });

  it('keeps the numbers gap-free and unique when publishers store at once, in each request’s event order, without deadlocking', async () => {
    const [psb, credit] = await withSubscriptions(
      subscribe(dataSource, psbAgency),
      subscribe(dataSource, creditAgency, { kafka: true, webhook: null }, 'credit-supervision'),
    );
    const requests = Array.from({ length: 8 }, () => Array.from({ length: 5 }, () => prepared()));
    await Promise.all(requests.map((events) => store.storeNew(events)));
    for (const s of [psb, credit] as Subscription[]) {
      const { sequences, eventIds, next } = await deliveries(s);
      expect(sequences).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(new Set(eventIds).size).toBe(40);
      expect(next).toBe(41);
      for (const events of requests) {
        const positions = events.map((e) => eventIds.indexOf(e.id));
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
      }
    }
  });

  it('queues webhooks in the subscription’s queue, numbered in event order, and records withholdings with their audit rows', async () => {
    const [hooked, refused] = await withSubscriptions(
      subscribe(dataSource, psbAgency, { kafka: false, webhook: { url: 'https://psb.example/hook' } }),
      // Policy grants work permits to credit under credit-supervision, not this purpose: withheld.
      subscribe(dataSource, creditAgency, { kafka: true, webhook: null }, 'exit-entry-administration'),
    );
    const events = [prepared(), prepared()];
    await store.storeNew(events);
    const queued = await dataSource.query<{ sequence: number; event_id: string }[]>(
      'SELECT sequence::int, event_id::text FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY sequence',
      [hooked?.id],
    );
    expect(queued).toEqual(events.map((e, i) => ({ sequence: i + 1, event_id: e.id })));
    expect(
      await dataSource.query('SELECT count(*)::int AS n FROM outbox WHERE headers->>$1 = $2', ['hub-subscription-id', hooked?.id]),
    ).toEqual([{ n: 0 }]);
    const withheld = await dataSource.query<{ event_id: string }[]>(
      'SELECT event_id::text FROM subscription_withholdings WHERE subscription_id = $1 ORDER BY event_id',
      [refused?.id],
    );
    expect(withheld.map((w) => w.event_id)).toEqual(events.map((e) => e.id).sort());
    const audited = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_trail WHERE action = 'event.withheld' AND detail->>'subscriptionId' = $1`,
      [refused?.id],
    );
    expect(audited).toEqual([{ n: 2 }]);
    expect(await deliveries(refused as Subscription)).toMatchObject({ sequences: [], next: 1 });
  });

  /** A transaction of its own, left open until the test commits it. */
  async function openTransaction(): Promise<QueryRunner> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    return runner;
  }
  const waitingOnRoutingLock = async (): Promise<boolean> =>
    ((await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`))[0]
      ?.n ?? 0) > 0;

  it('applies a subscription committed before the event’s commit: the publish waits for it, then routes again with it', async () => {
    const [existing] = await withSubscriptions(subscribe(dataSource, psbAgency));
    const change = await openTransaction();
    const created = (await change.query(
      `INSERT INTO subscriptions (id, agency, name, event_types, filters, channels, purpose, created_by)
       VALUES (gen_random_uuid(), $1, 'created meanwhile', '[{"type":"work-permit.issued","version":1}]', '{}', '{"kafka":true,"webhook":null}',
               'exit-entry-administration', 'test') RETURNING id::text`,
      [psbAgency],
    )) as { id: string }[];
    const reloadsBefore = views.reloads;
    const event = prepared();
    const publishing = store.storeNew([event]);
    await waitUntil('the publish waiting for the change', waitingOnRoutingLock, 10_000);
    await change.commitTransaction();
    await change.release();
    await publishing;
    expect(views.reloads).toBeGreaterThan(reloadsBefore);
    const createdId = created[0]?.id ?? '';
    expect((await deliveries({ id: createdId } as Subscription)).eventIds).toEqual([event.id]);
    expect((await deliveries(existing as Subscription)).eventIds).toEqual([event.id]);
  });

  it('does not apply a subscription committed after the event: the change waits for the publish to commit', async () => {
    const [existing] = await withSubscriptions(subscribe(dataSource, psbAgency));
    // Hold the subscription's row so the publish stops after taking the routing lock, before its commit.
    const holder = await openTransaction();
    await holder.query('SELECT 1 FROM subscriptions WHERE id = $1 FOR UPDATE', [existing?.id]);
    const event = prepared();
    const publishing = store.storeNew([event]);
    await waitUntil(
      'the publish waiting for the subscription row',
      async () =>
        ((
          await dataSource.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted`,
          )
        )[0]?.n ?? 0) > 0,
      10_000,
    );
    let changed = false;
    const changing = subscribe(dataSource, psbAgency).then((s) => {
      changed = true;
      return s;
    });
    await waitUntil('the change waiting for the publish', waitingOnRoutingLock, 10_000);
    expect(changed).toBe(false);
    await holder.commitTransaction();
    await holder.release();
    await publishing;
    const later = await changing;
    expect((await deliveries(existing as Subscription)).eventIds).toEqual([event.id]);
    expect((await deliveries(later)).eventIds).toEqual([]);
  });
});
