import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { PSB_ADAPTER_MIGRATIONS } from '../migrations/index.js';
import { retireAdapterRows, type AdapterRetentionSettings } from './retire-adapter-rows.js';

const SETTINGS: AdapterRetentionSettings = { inboxDays: 30, readLogDays: 200, batchSize: 2, maxBatches: 10 };

/**
 * The adapter's retention on the real PostgreSQL: inbox rows and read records past retention go in
 * batches, each run is recorded, and the read log stays append-only for anything younger than six
 * months, whoever asks.
 */
describe('retireAdapterRows', () => {
  let database: MigratedTestDatabase;
  let db: DataSource;

  beforeAll(async () => {
    database = await createMigratedTestDatabase('psb_retention', PSB_ADAPTER_MIGRATIONS);
    db = database.dataSource;
  });
  afterAll(async () => {
    await database?.drop();
  });
  beforeEach(async () => {
    await db.query('TRUNCATE inbox');
  });

  const ago = (days: number): Date => new Date(Date.now() - days * 86_400_000);
  const count = async (sql: string): Promise<number> => Number((await db.query<{ n: number }[]>(sql))[0]?.n);

  async function inboxRow(daysAgo: number): Promise<void> {
    await db.query(
      `INSERT INTO inbox (event_id, topic, partition, "offset", received_at) VALUES ($1, 'agency.psb-310000.inbound', 0, 0, $2)`,
      [randomUUID(), ago(daysAgo)],
    );
  }

  async function read(daysAgo: number, permitNo: string): Promise<void> {
    await db.query(`INSERT INTO work_permit_reads (read_at, reader, permit_no, found) VALUES ($1, 'desk', $2, true)`, [
      ago(daysAgo),
      permitNo,
    ]);
  }

  it('retires inbox rows and read records past retention, keeps the younger ones, and records the run', async () => {
    for (const days of [40, 35, 31, 5]) await inboxRow(days);
    for (const days of [300, 250, 210]) await read(days, `old-${days}`);
    await read(100, 'young');

    const run = await retireAdapterRows(db, SETTINGS);

    expect(run.retired).toEqual({ inbox: 3, workPermitReads: 3 });
    expect(await count('SELECT count(*)::int AS n FROM inbox')).toBe(1);
    expect((await db.query<{ permit_no: string }[]>('SELECT permit_no FROM work_permit_reads')).map((r) => r.permit_no)).toEqual(['young']);
    const runs = await db.query<
      {
        retired: unknown;
        retired_before: unknown;
      }[]
    >('SELECT retired, retired_before FROM retention_runs ORDER BY id DESC LIMIT 1');
    expect(runs[0]).toEqual({ retired: run.retired, retired_before: run.before });
  });

  it('refuses, in the database, to delete read records younger than six months or without the retention setting, and any update', async () => {
    await read(100, 'guarded');
    const refused = { driverError: expect.objectContaining({ code: 'PSA01' }) };
    await expect(db.query(`DELETE FROM work_permit_reads WHERE permit_no = 'guarded'`)).rejects.toMatchObject(refused);
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`SELECT set_config('psb.retire_reads_before', $1, true)`, [new Date().toISOString()]);
        await tx.query(`DELETE FROM work_permit_reads WHERE permit_no = 'guarded'`);
      }),
    ).rejects.toMatchObject(refused);
    await expect(db.query(`UPDATE work_permit_reads SET found = false WHERE permit_no = 'guarded'`)).rejects.toMatchObject(refused);
    expect(await count(`SELECT count(*)::int AS n FROM work_permit_reads WHERE permit_no = 'guarded'`)).toBe(1);
  });

  it('keeps its own record of runs append-only', async () => {
    await retireAdapterRows(db, SETTINGS);
    await expect(db.query('DELETE FROM retention_runs')).rejects.toMatchObject({ driverError: expect.objectContaining({ code: 'PSA01' }) });
    await expect(db.query('TRUNCATE retention_runs')).rejects.toMatchObject({ driverError: expect.objectContaining({ code: 'PSA01' }) });
  });
});
