import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@hub/testing';
import type { AgencyRegistry } from '../agencies/index.js';
import type { AuditSink } from '../audit/index.js';
import { HUB_MIGRATIONS } from '../migrations/index.js';
import { KafkaReceipts } from './kafka-receipts.js';
import type { Subscription } from './subscription.js';

const AGENCY = 'psb-310000';

/**
 * The unacknowledged Kafka deliveries of a subscription on a real PostgreSQL: pages follow the
 * sequence numbers, also across 9 → 10 and 99 → 100 (as text, 10 sorts before 9 and a page repeats
 * or skips deliveries), and acknowledged ones are left out.
 */
describe('KafkaReceipts.unacknowledged', () => {
  let database: MigratedTestDatabase;

  beforeAll(async () => {
    database = await createMigratedTestDatabase('kafka_receipts', HUB_MIGRATIONS);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('pages through the waiting deliveries in sequence order', async () => {
    const db = database.dataSource;
    await db.query(
      `INSERT INTO agencies (id, kind, region, name_zh, name_en, contact) VALUES ($1, 'psb', '310000', $1, $1, 'ops@example.invalid')`,
      [AGENCY],
    );
    const subscriptionId = randomUUID();
    await db.query(
      `INSERT INTO subscriptions (id, agency, name, event_types, filters, channels, purpose, created_by)
       VALUES ($1, $2, 'receipts', '[]', '{}', '{"kafka": true, "webhook": null}', 'receipts-test', 'test')`,
      [subscriptionId, AGENCY],
    );
    const sequences = [...range(1, 12), ...range(98, 102)];
    for (const sequence of sequences) {
      const eventId = randomUUID();
      await db.query(
        `INSERT INTO events (id, type, contract_version, agency, region, subject, occurred_at, received_at, correlation_id, content_hash, envelope)
         VALUES ($1, 'work-permit.issued', 1, 'bureau-310000', '310115', 'sub_x', now(), now(), $2, repeat('0', 64), '{}')`,
        [eventId, `corr-${eventId}`],
      );
      await db.query(
        `INSERT INTO subscription_deliveries (subscription_id, sequence, event_id, subject, channels, contract_version, policy_version, projection, purpose, acknowledged_at)
         VALUES ($1, $2, $3, 'sub_x', '{kafka}', 1, 1, 'full', 'receipts-test', $4)`,
        [subscriptionId, sequence, eventId, sequence === 11 ? new Date() : null],
      );
    }
    const receipts = new KafkaReceipts(db, {} as AgencyRegistry, {} as AuditSink);
    const subscription = { id: subscriptionId } as Subscription;

    const pages: number[][] = [];
    let after = 0;
    for (;;) {
      const page = await receipts.unacknowledged(subscription, after, 4);
      pages.push(page.items.map((item) => item.sequence));
      if (page.nextAfter === null) break;
      after = page.nextAfter;
    }

    expect(pages).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 12, 98],
      [99, 100, 101, 102],
    ]);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, n) => from + n);
}
