import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@hub/testing';
import { LINKAGE_MIGRATIONS } from '../migrations/index.js';
import { retireLinkageRows } from './retire-linkage-rows.js';

const NOW = new Date();
const daysAgo = (days: number): Date => new Date(NOW.getTime() - days * 86_400_000);
const SETTINGS = { publishedDays: 30, accessLogDays: 365, batchSize: 2, maxBatches: 10 };

/**
 * Retention of the linkage service on a real PostgreSQL: events published longer ago than the
 * setting go, in batches, while events published since, waiting or refused by the hub stay; access
 * log rows older than their retention go through the append-only guard's one door, which opens for
 * nothing younger than six months, and nothing else may change the log; each run is recorded in
 * retention_runs, which refuses changes; a second process finds the run taken.
 */
describe('retireLinkageRows', () => {
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

  async function accessRow(label: string, days: number): Promise<void> {
    await database.dataSource.query(
      `INSERT INTO api_access_log (at, actor_agency, actor_name, purpose, method, path, status) VALUES ($1, 'psb-310000', $2, 'case work', 'GET', '/v1/cases', 200)`,
      [daysAgo(days), label],
    );
  }

  it('deletes what is past its retention, in batches, keeps the rest and records the run', async () => {
    for (let n = 0; n < 5; n += 1) await outboxRow(`old-published-${n}`, { createdDaysAgo: 41, publishedDaysAgo: 40 });
    await outboxRow('recent-published', { createdDaysAgo: 11, publishedDaysAgo: 10 });
    await outboxRow('old-waiting', { createdDaysAgo: 60 });
    await outboxRow('old-refused', { createdDaysAgo: 60, refused: true });
    for (let n = 0; n < 3; n += 1) await accessRow(`old-call-${n}`, 400);
    await accessRow('recent-call', 300);

    const run = await retireLinkageRows(database.dataSource, SETTINGS, NOW);

    const before = { publishedEvents: daysAgo(30).toISOString(), accessLog: daysAgo(365).toISOString() };
    expect(run).toEqual({ ran: true, retired: { publishedEvents: 5, accessLog: 3 }, before });
    const outbox = await database.dataSource.query<{ subject: string }[]>('SELECT subject FROM linkage_outbox ORDER BY subject');
    expect(outbox.map((row) => row.subject)).toEqual(['old-refused', 'old-waiting', 'recent-published']);
    const calls = await database.dataSource.query<{ actor_name: string }[]>('SELECT actor_name FROM api_access_log ORDER BY actor_name');
    expect(calls.map((row) => row.actor_name)).toEqual(['recent-call']);
    const runs = await database.dataSource.query<{ retired: unknown; retired_before: unknown }[]>(
      'SELECT retired, retired_before FROM retention_runs ORDER BY id',
    );
    expect(runs).toEqual([{ retired: { publishedEvents: 5, accessLog: 3 }, retired_before: before }]);
    await expect(database.dataSource.query('DELETE FROM retention_runs')).rejects.toMatchObject({ code: 'LKA01' });
    await expect(database.dataSource.query('UPDATE retention_runs SET retired = $1', ['{}'])).rejects.toMatchObject({ code: 'LKA01' });
  });

  it('keeps the access log append-only: no update, no truncate, no delete younger than six months whatever is asked', async () => {
    await accessRow('five-months', 150);
    await expect(database.dataSource.query(`UPDATE api_access_log SET purpose = 'changed'`)).rejects.toMatchObject({ code: 'LKA01' });
    await expect(database.dataSource.query('DELETE FROM api_access_log')).rejects.toMatchObject({ code: 'LKA01' });
    await expect(database.dataSource.query('TRUNCATE api_access_log')).rejects.toMatchObject({ code: 'LKA01' });
    // A retention of 100 days (below what the configuration allows) is refused by the database too.
    await expect(retireLinkageRows(database.dataSource, { ...SETTINGS, accessLogDays: 100 }, NOW)).rejects.toMatchObject({ code: 'LKA01' });
    const left = await database.dataSource.query<{ actor_name: string }[]>(
      `SELECT actor_name FROM api_access_log WHERE actor_name = 'five-months'`,
    );
    expect(left).toEqual([{ actor_name: 'five-months' }]);
  });

  it('stops after maxBatches, leaving the rest to the next run', async () => {
    for (let n = 0; n < 5; n += 1) await outboxRow(`backlog-${n}`, { createdDaysAgo: 50, publishedDaysAgo: 50 });
    const first = await retireLinkageRows(database.dataSource, { ...SETTINGS, maxBatches: 2 }, NOW);
    expect(first.retired).toEqual({ publishedEvents: 4, accessLog: 0 });
    const second = await retireLinkageRows(database.dataSource, { ...SETTINGS, maxBatches: 2 }, NOW);
    expect(second.retired).toEqual({ publishedEvents: 1, accessLog: 0 });
  });

  it('does nothing while another process holds the run', async () => {
    await outboxRow('held-back', { createdDaysAgo: 50, publishedDaysAgo: 50 });
    const runner = database.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(727320)');
      const run = await retireLinkageRows(database.dataSource, SETTINGS, NOW);
      expect(run).toMatchObject({ ran: false, retired: { publishedEvents: 0, accessLog: 0 } });
      expect(await database.dataSource.query(`SELECT count(*)::int AS n FROM linkage_outbox WHERE subject = 'held-back'`)).toEqual([
        { n: 1 },
      ]);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(727320)');
      await runner.release();
    }
  });

  it('reverts its migration (the guard, retention_runs and the index gone) and applies it again', async () => {
    const present = async (): Promise<string[]> =>
      (
        await database.dataSource.query<{ name: string }[]>(
          `SELECT relname AS name FROM pg_class WHERE relname IN ('retention_runs', 'linkage_outbox_published')
           UNION ALL SELECT tgname FROM pg_trigger WHERE tgname LIKE 'api_access_log_%' ORDER BY name`,
        )
      ).map((row) => row.name);
    const migrated = ['api_access_log_append_only', 'api_access_log_no_truncate', 'linkage_outbox_published', 'retention_runs'];
    expect(await present()).toEqual(migrated);
    // Undone down to (and with) the retention migration; later ones go first.
    const retention = 'LinkageRetention1765100000000';
    while ((await database.dataSource.query<unknown[]>('SELECT 1 FROM migrations WHERE name = $1', [retention])).length > 0) {
      await database.dataSource.undoLastMigration();
    }
    expect(await present()).toEqual([]);
    await database.dataSource.runMigrations();
    expect(await present()).toEqual(migrated);
  });
});
