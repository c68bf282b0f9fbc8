import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@hub/testing';
import type { ChainEvent } from '../chain/person-chain.types.js';
import { LINKAGE_MIGRATIONS } from '../migrations/index.js';
import { aSubject, contractEvent } from '../testing/contract-events.fixture.js';
import { LinkageInboxRepository } from './linkage-inbox.repository.js';

/**
 * The inbox a rebuild replays, on a real PostgreSQL: pages in the order the events were applied,
 * also where `arrival` crosses a power of ten (as text, 100 sorts before 99 and a page skips events).
 */
describe('linkage_inbox pages', () => {
  let database: MigratedTestDatabase;
  const inbox = new LinkageInboxRepository();

  beforeAll(async () => {
    database = await createMigratedTestDatabase('linkage_inbox_pages', LINKAGE_MIGRATIONS);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('pages through every event once, in arrival order, across 99 → 100', async () => {
    const subject = aSubject();
    const events = Array.from(
      { length: 12 },
      (_, n) =>
        contractEvent(
          'credit.violation-recorded',
          {},
          { subject, time: `2026-03-02T10:${String(n).padStart(2, '0')}:00+08:00` },
        ) as unknown as ChainEvent,
    );
    await database.dataSource.query('ALTER TABLE linkage_inbox ALTER COLUMN arrival RESTART WITH 95');
    await database.dataSource.transaction((tx) =>
      inbox.admit(
        tx,
        events.map((event) => ({ event, delivery: null, asOf: '2026-03-02' })),
      ),
    );

    const pages: number[][] = [];
    const seen: string[] = [];
    let after = 0;
    for (;;) {
      const page = await database.dataSource.transaction((tx) => inbox.after(tx, after, 5));
      if (page.length === 0) break;
      pages.push(page.map((received) => received.arrival));
      seen.push(...page.map((received) => received.event.id));
      after = page.at(-1)?.arrival ?? after;
    }

    expect(pages).toEqual([
      [95, 96, 97, 98, 99],
      [100, 101, 102, 103, 104],
      [105, 106],
    ]);
    expect(seen).toEqual(events.map((event) => event.id));
  });
});
