import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@hub/testing';
import { LINKAGE_MIGRATIONS } from '../migrations/index.js';
import { retirePublishedEvents } from './retire-published-events.js';

const NOW = new Date('2026-12-07T08:00:00Z');
const daysAgo = (days: number): Date => new Date(NOW.getTime() - days * 86_400_000);

/**
 * Retention of linkage_outbox on a real PostgreSQL: events published longer ago than the setting go,
 * in batches; events published since, events still waiting and events the hub refused stay; each run
 * is recorded in retention_runs, which refuses changes; a second process finds the run taken.
 */
describe('retirePublishedEvents', () => {
  let database: MigratedTestDatabase;

  beforeAll(async () => {
    database = await createMigratedTestDatabase('linkage_retention', LINKAGE_MIGRATIONS);
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function outboxRow(label: string, state: { publishedDaysAgo?: number; refused?: boolean; createdDaysAgo: number }): Promise<void> {
    await database.dataSource.query(
      `INSERT INTO linkage_outbox (event_id, event_type, subject, event, created_at, published_at, refused)
       VALUES ($1, 'linkage.review-required', $2, '{}', $3, $4, $5)`,
      [
        randomUUID(),
        label,
        daysAgo(state.createdDaysAgo),
        state.publishedDaysAgo === undefined ? null : daysAgo(state.publishedDaysAgo),
        state.refused ? JSON.stringify({ status: 403, code: 'PUBLISH_REFUSED' }) : null,
      ],
    );
  }

  it('deletes only what was published before the retention, in batches, and records the run', async () => {
    for (let n = 0; n < 5; n += 1) await outboxRow(`old-published-${n}`, { createdDaysAgo: 41, publishedDaysAgo: 40 });
    await outboxRow('recent-published', { createdDaysAgo: 11, publishedDaysAgo: 10 });
    await outboxRow('old-waiting', { createdDaysAgo: 60 });
    await outboxRow('old-refused', { createdDaysAgo: 60, refused: true });

    const run = await retirePublishedEvents(database.dataSource, { publishedDays: 30, batchSize: 2, maxBatches: 10 }, NOW);

    expect(run).toEqual({ ran: true, retired: { publishedEvents: 5 }, before: { publishedEvents: daysAgo(30).toISOString() } });
    const left = await database.dataSource.query<{ subject: string }[]>('SELECT subject FROM linkage_outbox ORDER BY subject');
    expect(left.map((row) => row.subject)).toEqual(['old-refused', 'old-waiting', 'recent-published']);
    const runs = await database.dataSource.query<{ retired: unknown; retired_before: unknown }[]>(
      'SELECT retired, retired_before FROM retention_runs ORDER BY id',
    );
    expect(runs).toEqual([{ retired: { publishedEvents: 5 }, retired_before: { publishedEvents: daysAgo(30).toISOString() } }]);
    await expect(database.dataSource.query('DELETE FROM retention_runs')).rejects.toMatchObject({ code: 'LKA01' });
    await expect(database.dataSource.query('UPDATE retention_runs SET retired = $1', ['{}'])).rejects.toMatchObject({ code: 'LKA01' });
  });

  it('stops after maxBatches, leaving the rest to the next run', async () => {
    for (let n = 0; n < 5; n += 1) await outboxRow(`backlog-${n}`, { createdDaysAgo: 50, publishedDaysAgo: 50 });
    const first = await retirePublishedEvents(database.dataSource, { publishedDays: 30, batchSize: 2, maxBatches: 2 }, NOW);
    expect(first.retired).toEqual({ publishedEvents: 4 });
    const second = await retirePublishedEvents(database.dataSource, { publishedDays: 30, batchSize: 2, maxBatches: 2 }, NOW);
    expect(second.retired).toEqual({ publishedEvents: 1 });
  });

  it('does nothing while another process holds the run', async () => {
    await outboxRow('held-back', { createdDaysAgo: 50, publishedDaysAgo: 50 });
    const runner = database.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(727320)');
      const run = await retirePublishedEvents(database.dataSource, { publishedDays: 30, batchSize: 100, maxBatches: 10 }, NOW);
      expect(run).toMatchObject({ ran: false, retired: { publishedEvents: 0 } });
      expect(await database.dataSource.query(`SELECT count(*)::int AS n FROM linkage_outbox WHERE subject = 'held-back'`)).toEqual([
        { n: 1 },
      ]);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(727320)');
      await runner.release();
    }
  });

  it('reverts its migration (retention_runs and the index gone) and applies it again', async () => {
    const present = async (): Promise<string[]> =>
      (
        await database.dataSource.query<{ name: string }[]>(
          `SELECT relname AS name FROM pg_class WHERE relname IN ('retention_runs', 'linkage_outbox_published') ORDER BY relname`,
        )
      ).map((row) => row.name);
    expect(await present()).toEqual(['linkage_outbox_published', 'retention_runs']);
    await database.dataSource.undoLastMigration();
    expect(await present()).toEqual([]);
    await database.dataSource.runMigrations();
    expect(await present()).toEqual(['linkage_outbox_published', 'retention_runs']);
  });
});
