import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { appendToOutbox } from '@hub/messaging';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { HUB_MIGRATIONS } from '../migrations/index.js';
import { DATA_RETIRED_ACTION, retireDoneRows, type RetentionSettings } from './retire-done-rows.js';

const DAYS = { events: 30, subscriptionDeliveries: 30, webhookDeliveries: 10, deadLetters: 10, withholdings: 30, replays: 10 };
const SETTINGS: RetentionSettings = { days: DAYS, batchSize: 1000, maxBatches: 10 };
const AGENCY = 'psb-310000';

/**
 * Retention on the real PostgreSQL: what is done and past its retention goes, in bounded batches,
 * with one audit row per run; what a delivery, the relay, a webhook or a running replay still needs
 * stays, and so does each subscription's latest delivery.
 */
describe('retireDoneRows', () => {
  let database: MigratedTestDatabase;
  let db: DataSource;

  beforeAll(async () => {
    database = await createMigratedTestDatabase('retention', HUB_MIGRATIONS);
    db = database.dataSource;
    await db.query(
      `INSERT INTO agencies (id, kind, region, name_zh, name_en, contact) VALUES ($1, 'psb', '310000', $1, $1, 'ops@example.invalid')`,
      [AGENCY],
    );
  });
  afterAll(async () => {
    await database?.drop();
  });
  beforeEach(async () => {
    await db.query(
      'TRUNCATE subscription_replays, subscription_withholdings, subscription_deliveries, webhook_deliveries, outbox, events CASCADE',
    );
  });

  const ago = (days: number): Date => new Date(Date.now() - days * 86_400_000);

  async function subscription(): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO subscriptions (id, agency, name, event_types, filters, channels, purpose, created_by)
       VALUES ($1, $2, 'retention', '[]', '{}', '{"kafka": true, "webhook": null}', 'retention-test', 'test')`,
      [id, AGENCY],
    );
    return id;
  }

  async function event(receivedDaysAgo: number): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO events (id, type, contract_version, agency, region, subject, occurred_at, received_at, correlation_id, content_hash, envelope)
       VALUES ($1, 'work-permit.issued', 1, 'bureau-310000', '310115', 'sub_x', $2, $2, $3, repeat('0', 64), '{}')`,
      [id, ago(receivedDaysAgo), `corr-${id}`],
    );
    return id;
  }

  async function delivery(subscriptionId: string, sequence: number, eventId: string, routedDaysAgo: number): Promise<void> {
    await db.query(
      `INSERT INTO subscription_deliveries (subscription_id, sequence, event_id, subject, channels, contract_version, policy_version, projection, purpose, routed_at)
       VALUES ($1, $2, $3, 'sub_x', '{kafka}', 1, 1, 'full', 'retention-test', $4)`,
      [subscriptionId, sequence, eventId, ago(routedDaysAgo)],
    );
  }

  async function webhook(subscriptionId: string, sequence: number, eventId: string, status: string, daysAgo: number): Promise<void> {
    const at = ago(daysAgo);
    await db.query(
      `INSERT INTO webhook_deliveries (id, subscription_id, agency_id, sequence, event_id, event_type, subject_id, endpoint, payload, status,
                                       delivered_at, dead_at, dead_reason, discarded_at, discard_reason)
       VALUES ($1, $2, $3, $4, $5, 'work-permit.issued', 'sub_x', 'https://agency.example/hook', '{}', $6,
               CASE WHEN $6 = 'delivered' THEN $7::timestamptz END,
               CASE WHEN $6 IN ('dead', 'discarded') THEN $7::timestamptz END, CASE WHEN $6 IN ('dead', 'discarded') THEN 'gave up' END,
               CASE WHEN $6 = 'discarded' THEN $7::timestamptz END, CASE WHEN $6 = 'discarded' THEN 'operator' END)`,
      [randomUUID(), subscriptionId, AGENCY, sequence, eventId, status, at],
    );
  }

  const ids = async (sql: string): Promise<string[]> => (await db.query<{ id: string }[]>(sql)).map((row) => row.id).sort();
  const count = async (table: string): Promise<number> =>
    Number((await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n);

  it('retires what is done and past retention, keeps the rest, and audits the run with counts and cutoffs', async () => {
    const sub = await subscription();
    const oldest = await event(40);
    const older = await event(39);
    const recent = await event(5);
    await delivery(sub, 1, oldest, 40);
    await delivery(sub, 2, older, 39);
    await delivery(sub, 3, recent, 5);
    const withheldOld = await event(35);
    await db.query(
      `INSERT INTO subscription_withholdings (subscription_id, event_id, reason, withheld_at) VALUES ($1, $2, 'suspended', $3)`,
      [sub, withheldOld, ago(35)],
    );
    const hooks = await subscription();
    await webhook(hooks, 1, oldest, 'delivered', 20);
    await webhook(hooks, 2, older, 'discarded', 20);
    await webhook(hooks, 3, recent, 'delivered', 5);
    await db.query(
      `INSERT INTO subscription_replays (id, subscription_id, requested_by, from_time, channels, status, total, started_at, finished_at)
       VALUES ($1, $2, 'test', $3, '{}', 'done', 0, $3, $3), ($4, $2, 'test', $5, '{}', 'done', 0, $5, $5)`,
      [randomUUID(), sub, ago(20), randomUUID(), ago(2)],
    );

    // Parked Kafka records: redriven 20 days ago (retired), discarded 5 days ago and still parked after 40 (kept).
    await db.query(
      `INSERT INTO dead_letters (topic, partition, "offset", payload, headers, error_code, error_message, created_at, resolution, resolved_at, resolved_by, resolution_reason)
       VALUES ('hub.internal.dispatch', 0, 1, '{}', '{}', 'DISPATCH_FAILED', 'x', $1, 'redriven', $2, 'admin:console:ops', NULL),
              ('hub.internal.dispatch', 0, 2, '{}', '{}', 'DISPATCH_FAILED', 'x', $1, 'discarded', $3, 'admin:console:ops', 'duplicate'),
              ('hub.internal.dispatch', 0, 3, '{}', '{}', 'DISPATCH_FAILED', 'x', $1, NULL, NULL, NULL, NULL)`,
      [ago(40), ago(20), ago(5)],
    );

    const run = await retireDoneRows(db, SETTINGS);

    expect(await ids(`SELECT "offset"::text AS id FROM dead_letters`)).toEqual(['2', '3']);
    expect(run.retired).toEqual({
      replays: 1,
      webhookDeliveries: 1,
      discardedWebhookDeliveries: 1,
      resolvedKafkaDeadLetters: 1,
      subscriptionDeliveries: 2,
      withholdings: 1,
      events: 3,
    });
    expect(await ids('SELECT id::text FROM events')).toEqual([recent]);
    expect(await count('subscription_deliveries')).toBe(1);
    expect(await count('subscription_withholdings')).toBe(0);
    expect(await count('webhook_deliveries')).toBe(1);
    expect(await count('subscription_replays')).toBe(1);
    const [audit] = await db.query<
      {
        actor: string;
        purpose: string;
        detail: { retired: Record<string, number>; before: Record<string, string> };
      }[]
    >(`SELECT actor, purpose, detail FROM audit_trail WHERE action = $1`, [DATA_RETIRED_ACTION]);
    expect(audit?.actor).toBe('system:retention');
    expect(audit?.detail.retired).toEqual(run.retired);
    expect(audit?.detail.before).toEqual(run.before);
    expect(new Date(audit?.detail.before['events'] ?? 0).getTime()).toBeLessThan(ago(29.9).getTime());
  });

  it('keeps each subscription’s latest delivery, deliveries not yet relayed or whose webhook is pending or dead, and their events', async () => {
    const sub = await subscription();
    const [latest, unrelayed, pending, dead] = [await event(60), await event(60), await event(60), await event(60)];
    await delivery(sub, 1, unrelayed, 60);
    await delivery(sub, 2, pending, 60);
    await delivery(sub, 3, dead, 60);
    await delivery(sub, 4, latest, 60);
    await appendToOutbox(db.manager, [{ eventId: unrelayed, topic: 'agency.psb-310000.inbound', key: 'k', payload: '{}', headers: {} }]);
    await webhook(sub, 1, pending, 'pending', 60);
    await webhook(sub, 2, dead, 'dead', 60);

    const run = await retireDoneRows(db, SETTINGS);

    expect(run.retired.subscriptionDeliveries).toBe(0);
    expect(run.retired.events).toBe(0);
    expect(await count('subscription_deliveries')).toBe(4);
    expect(await count('webhook_deliveries')).toBe(2);
  });

  it('keeps what a running replay has yet to read, and retires it once the replay has moved past', async () => {
    const sub = await subscription();
    await event(55);
    const read = await event(50);
    const unread = await event(45);
    const replay = randomUUID();
    await db.query(
      `INSERT INTO subscription_replays (id, subscription_id, requested_by, from_time, channels, total, cursor_time, cursor_event)
       VALUES ($1, $2, 'test', $3, '{}', 3, (SELECT received_at FROM events WHERE id = $4), $4)`,
      [replay, sub, ago(60), read],
    );

    expect((await retireDoneRows(db, SETTINGS)).retired.events).toBe(1);
    expect(await ids('SELECT id::text FROM events')).toEqual([read, unread].sort());

    await db.query(`UPDATE subscription_replays SET status = 'done', finished_at = now() WHERE id = $1`, [replay]);
    expect((await retireDoneRows(db, SETTINGS)).retired.events).toBe(2);
  });

  it('holds back every event while a replay from a sequence number has not started reading', async () => {
    const sub = await subscription();
    await event(50);
    await db.query(
      `INSERT INTO subscription_replays (id, subscription_id, requested_by, from_sequence, channels, total) VALUES ($1, $2, 'test', 1, '{}', 1)`,
      [randomUUID(), sub],
    );
    const run = await retireDoneRows(db, SETTINGS);
    expect(run.before.events).toBe('-infinity');
    expect(run.retired.events).toBe(0);
    expect(await count('events')).toBe(1);
  });

  it('deletes in bounded batches and leaves a backlog larger than one run for the next', async () => {
    for (let i = 0; i < 5; i += 1) await event(40);
    const small: RetentionSettings = { ...SETTINGS, batchSize: 2, maxBatches: 2 };
    expect((await retireDoneRows(db, small)).retired.events).toBe(4);
    expect(await count('events')).toBe(1);
    expect((await retireDoneRows(db, small)).retired.events).toBe(1);
    expect(await count('events')).toBe(0);
  });

  it('does nothing while another process holds the retention lock', async () => {
    await event(40);
    const holder = db.createQueryRunner();
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(727300)');
      expect((await retireDoneRows(db, SETTINGS)).ran).toBe(false);
      expect(await count('events')).toBe(1);
    } finally {
      await holder.query('SELECT pg_advisory_unlock(727300)');
      await holder.release();
    }
  });
});
