import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { INBOUND_HEADERS } from '@hub/contracts';
import { WebhookDeliveries } from '@hub/delivery';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { HUB_MIGRATIONS } from '../migrations/index.js';
import type { RecordedDelivery, RoutedEvent } from './dispatch-records/number-deliveries.js';
import { DispatchRepository } from './dispatch.repository.js';
import type { Agency } from '../agencies/index.js';
import { type Subscription, SubscriptionsRepository } from '../subscriptions/index.js';

const agency = (id: string, kind: Agency['kind'], region: string | null): Agency => ({
  id,
  kind,
  region,
  nameZh: id,
  nameEn: id,
  contact: 'ops@example.invalid',
  status: 'active',
  createdAt: '',
  updatedAt: '',
});
const AGENCIES: readonly Agency[] = [agency('psb-310000', 'psb', '310000'), agency('credit', 'credit', null)];

/**
 * The dispatch numbering statement on the real PostgreSQL: each subscription numbers what it
 * receives 1, 2, 3 … without gaps and in event order, whatever the batches, the redeliveries and
 * the number of dispatchers recording at once.
 */
describe('DispatchRepository.record numbering', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let repository: DispatchRepository;

  beforeAll(async () => {
    database = await createMigratedTestDatabase('dispatch', HUB_MIGRATIONS, 20);
    dataSource = database.dataSource;
    repository = new DispatchRepository(dataSource, new WebhookDeliveries(dataSource));
    for (const one of AGENCIES) {
      await dataSource.query(`INSERT INTO agencies (id, kind, region, name_zh, name_en, contact) VALUES ($1, $2, $3, $4, $5, $6)`, [
        one.id,
        one.kind,
        one.region,
        one.nameZh,
        one.nameEn,
        one.contact,
      ]);
    }
  });
  afterAll(async () => {
    await database?.drop();
  });

  /** A Kafka-only subscription of the agency `of`, stored as the subscriptions API stores it. */
  function subscription(of: Agency): Promise<Subscription> {
    return new SubscriptionsRepository(dataSource).insert(dataSource.manager, {
      id: randomUUID(),
      agency: of.id,
      name: `${of.id} numbering`,
      eventTypes: [{ type: 'work-permit.issued', version: 1 }],
      filters: {},
      channels: { kafka: true, webhook: null },
      purpose: 'numbering-test',
      createdBy: 'test',
    });
  }

  /** A stored event (deliveries reference the event store), routed to `subscriptions`. */
  async function routed(...subscriptions: Subscription[]): Promise<RoutedEvent> {
    const eventId = randomUUID();
    const subject = `sub_${randomUUID().replace(/-/g, '')}`;
    await dataSource.query(
      `INSERT INTO events (id, type, contract_version, agency, region, subject, occurred_at, correlation_id, content_hash, envelope)
       VALUES ($1, 'work-permit.issued', 1, 'bureau-310000', '310115', $2, now(), $3, repeat('0', 64), '{}')`,
      [eventId, subject, `corr-${eventId}`],
    );
    return {
      eventId,
      subject,
      correlationId: `corr-${eventId}`,
      traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`,
      withheld: [],
      routes: subscriptions.map((s) => ({
        subscription: s,
        agency: AGENCIES.find((a) => a.id === s.agency) as Agency,
        purpose: s.purpose,
        projection: 'full',
        policyVersion: 1,
        contractVersion: 1,
        message: { id: eventId, type: 'work-permit.issued' } as unknown as RoutedEvent['routes'][number]['message'],
      })),
    };
  }

  const record = (events: readonly RoutedEvent[]): Promise<RecordedDelivery[]> =>
    dataSource.transaction((tx) => repository.record(tx, events));

  /** The subscription's deliveries as stored: event ids in sequence order, and the sequences. */
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

  const count = async (sql: string, params: unknown[]): Promise<number> =>
    (await dataSource.query<{ n: number }[]>(sql, params))[0]?.n ?? -1;

  it('numbers each subscription on its own, gap-free and in event order, across batches, with an outbox record per delivery', async () => {
    const psb = await subscription(AGENCIES[0] as Agency);
    const credit = await subscription(AGENCIES[1] as Agency);
    const first = [await routed(psb, credit), await routed(psb), await routed(credit, psb)];
    const recorded = await record(first);
    expect(recorded.filter((d) => d.subscriptionId === psb.id).map((d) => [d.eventId, d.sequence])).toEqual(
      first.map((e, i) => [e.eventId, i + 1]),
    );
    expect(recorded.filter((d) => d.subscriptionId === credit.id).map((d) => [d.eventId, d.sequence])).toEqual([
      [first[0]?.eventId, 1],
      [first[2]?.eventId, 2],
    ]);

    const second = [await routed(credit), await routed(psb, credit)];
    await record(second);
    expect(await deliveries(psb)).toEqual({ sequences: [1, 2, 3, 4], eventIds: [...first, second[1]].map((e) => e?.eventId), next: 5 });
    expect(await deliveries(credit)).toEqual({
      sequences: [1, 2, 3, 4],
      eventIds: [first[0], first[2], second[0], second[1]].map((e) => e?.eventId),
      next: 5,
    });

    const outbox = await dataSource.query<{ topic: string; event_id: string; sequence: string }[]>(
      `SELECT topic, event_id::text, headers->>$2 AS sequence FROM outbox WHERE headers->>$3 = $1 ORDER BY id`,
      [psb.id, INBOUND_HEADERS.sequence, INBOUND_HEADERS.subscriptionId],
    );
    expect(outbox).toEqual(
      [...first, second[1]].map((e, i) => ({ topic: 'agency.psb-310000.inbound', event_id: e?.eventId, sequence: String(i + 1) })),
    );
  });

  it('records nothing twice when a batch is delivered again, or an event comes twice in one batch', async () => {
    const psb = await subscription(AGENCIES[0] as Agency);
    const batch = [await routed(psb), await routed(psb)];
    await record(batch);
    const outboxBefore = await count('SELECT count(*)::int AS n FROM outbox WHERE event_id = ANY($1::uuid[])', [
      batch.map((e) => e.eventId),
    ]);
    const auditBefore = await count(`SELECT count(*)::int AS n FROM audit_trail WHERE detail->>'subscriptionId' = $1`, [psb.id]);

    expect(await record(batch)).toEqual([]);
    const fresh = await routed(psb);
    // A redelivered batch that gained a record: only the new one is numbered, right after the others.
    expect(await record([batch[0] as RoutedEvent, fresh, fresh, batch[1] as RoutedEvent])).toEqual([
      { subscriptionId: psb.id, agency: 'psb-310000', eventId: fresh.eventId, sequence: 3 },
    ]);
    expect(await deliveries(psb)).toEqual({ sequences: [1, 2, 3], eventIds: [...batch, fresh].map((e) => e.eventId), next: 4 });
    expect(await count('SELECT count(*)::int AS n FROM outbox WHERE event_id = ANY($1::uuid[])', [batch.map((e) => e.eventId)])).toBe(
      outboxBefore,
    );
    expect(await count(`SELECT count(*)::int AS n FROM audit_trail WHERE detail->>'subscriptionId' = $1`, [psb.id])).toBe(auditBefore + 1);
  });

  it('keeps the numbers gap-free and unique when dispatchers record at once, without deadlocking', async () => {
    const psb = await subscription(AGENCIES[0] as Agency);
    const credit = await subscription(AGENCIES[1] as Agency);
    // Eight callers, half routing to the subscriptions in one order and half in the other.
    const batches = await Promise.all(
      Array.from({ length: 8 }, async (_, caller) =>
        Promise.all(Array.from({ length: 5 }, () => (caller % 2 === 0 ? routed(psb, credit) : routed(credit, psb)))),
      ),
    );
    const shared = await routed(psb, credit);
    // Every caller also carries one event in common, as when two dispatchers get the same record.
    await Promise.all(batches.map((batch) => record([...batch, shared])));

    for (const s of [psb, credit]) {
      const { sequences, eventIds, next } = await deliveries(s);
      expect(sequences).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
      expect(new Set(eventIds).size).toBe(41);
      expect(next).toBe(42);
    }
    // Within each caller's batch, its events keep their order in the numbering.
    const { eventIds } = await deliveries(psb);
    for (const batch of batches) {
      const positions = batch.map((e) => eventIds.indexOf(e.eventId));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });
});
