import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDataSource, createTestDatabase, runMigrationsExclusively } from '@hub/persistence';
import { TEST_DATABASE_SERVER_URL } from '@hub/testing';
import type { DataSource, EntityManager } from 'typeorm';
import { PSB_ADAPTER_MIGRATIONS } from '../../migrations/index.js';
import { WorkPermitRecordsRepository } from './work-permit-records.repository.js';

const STORED = 50_000;
const permitNo = (n: number): string => (310_000_000_000_000_000n + BigInt(n)).toString();

/**
 * Public security's permit records on the real PostgreSQL with a table the size a province's
 * adapter holds after a few days: a batch's look-up reads its own permits by primary key, so its
 * cost does not grow with the table.
 */
describe('WorkPermitRecordsRepository on a full table', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  const repository = new WorkPermitRecordsRepository();

  beforeAll(async () => {
    const database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'psb_permits');
    dataSource = await createDataSource({
      url: database.url,
      applicationName: 'psb-permits-test',
      entities: [],
      migrations: PSB_ADAPTER_MIGRATIONS,
      poolSize: 2,
    }).initialize();
    await runMigrationsExclusively(dataSource);
    drop = async () => {
      await dataSource.destroy();
      await database.drop();
    };
    await dataSource.query(
      `INSERT INTO work_permits (permit_no, subject_id, permit_class, status, holder_name, passport_no, nationality, birth_date,
                                 valid_from, valid_to, region, source_event_id, correlation_id, event_time)
       SELECT lpad((310000000000000000 + n)::text, 18, '0'), 'sub_' || n, 'B', 'valid', 'Holder ' || n, 'P' || n, 'DEU', DATE '1990-01-01',
              DATE '2026-01-01', DATE '2028-01-01', '310000', gen_random_uuid(), 'corr-' || n, now()
         FROM generate_series(1, $1::int) n`,
      [STORED],
    );
    await dataSource.query('ANALYZE work_permits');
  }, 120_000);
  afterAll(async () => {
    await drop?.();
  });

  /** Rows of work_permits this transaction has read so far (pg_stat_xact_user_tables counts them before commit). */
  const rowsRead = async (tx: EntityManager): Promise<number> => {
    const [row] = await tx.query<{ rows: string }[]>(
      `SELECT (coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::text AS rows FROM pg_stat_xact_user_tables WHERE relname = 'work_permits'`,
    );
    return Number(row?.rows ?? 0);
  };

  it('locks a batch of 200 stored permits by primary key, reading those rows and not the table', async () => {
    const wanted = Array.from({ length: 200 }, (_, i) => permitNo(1 + i * 211));
    const { locked, read } = await dataSource.transaction(async (tx) => {
      const before = await rowsRead(tx);
      const locked = await repository.lockPermits(tx, [...wanted, permitNo(STORED + 7)]);
      return { locked, read: (await rowsRead(tx)) - before };
    });
    expect([...locked.keys()].sort()).toEqual([...wanted].sort());
    const fourth = permitNo(1 + 3 * 211);
    expect(locked.get(fourth)).toMatchObject({ permitNo: fourth, subjectId: `sub_${1 + 3 * 211}`, status: 'valid', region: '310000' });
    expect(read).toBeGreaterThanOrEqual(200);
    expect(read).toBeLessThan(1_000);
  });
});
