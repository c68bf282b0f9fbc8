import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_DATABASE_SERVER_URL } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { createDataSource } from './create-data-source.js';
import { queryPrepared } from './prepared-query.js';
import { createTestDatabase } from './test-database.js';

/** Named prepared statements through a TypeORM data source, against the real PostgreSQL. */
describe('queryPrepared', () => {
  let database: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'prepared');
    dataSource = createDataSource({ url: database.url, applicationName: 'prepared-query-test', entities: [], migrations: [], poolSize: 2 });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE notes (id int PRIMARY KEY, text text NOT NULL)');
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('prepares the statement once on a connection, and PostgreSQL then runs it on a plan it keeps', async () => {
    const plans = await dataSource.transaction(async (tx) => {
      for (let n = 1; n <= 8; n++) {
        const rows = await queryPrepared<{ next: number }>(tx, 'prepared_test_next', 'SELECT $1::int + 1 AS next', [n]);
        expect(rows).toEqual([{ next: n + 1 }]);
      }
      return tx.query<{ name: string; generic_plans: string; custom_plans: string }[]>(
        'SELECT name, generic_plans::text, custom_plans::text FROM pg_prepared_statements',
      );
    });
    expect(plans).toEqual([{ name: 'prepared_test_next', generic_plans: '3', custom_plans: '5' }]);
  });

  it("runs inside the manager's transaction: a rollback takes its write back", async () => {
    await expect(
      dataSource.transaction(async (tx) => {
        await queryPrepared(tx, 'prepared_test_insert', 'INSERT INTO notes (id, text) VALUES ($1, $2)', [1, 'rolled back']);
        expect(await tx.query('SELECT text FROM notes WHERE id = 1')).toEqual([{ text: 'rolled back' }]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await dataSource.query('SELECT count(*)::int AS n FROM notes')).toEqual([{ n: 0 }]);
  });

  it('runs outside a transaction on a pooled connection it gives back, and commits at once', async () => {
    for (let id = 1; id <= 5; id++) {
      await queryPrepared(dataSource.manager, 'prepared_test_insert', 'INSERT INTO notes (id, text) VALUES ($1, $2)', [id, `note ${id}`]);
    }
    expect(await dataSource.query('SELECT count(*)::int AS n FROM notes')).toEqual([{ n: 5 }]);
    const pool = (dataSource.driver as unknown as { master: { totalCount: number; idleCount: number } }).master;
    expect(pool.idleCount).toBe(pool.totalCount);
  });

  it("fails with PostgreSQL's error and its SQLSTATE, and the connection serves the next call", async () => {
    await expect(
      queryPrepared(dataSource.manager, 'prepared_test_insert', 'INSERT INTO notes (id, text) VALUES ($1, $2)', [1, 'again']),
    ).rejects.toMatchObject({ code: '23505', constraint: 'notes_pkey' });
    await expect(queryPrepared(dataSource.manager, 'prepared_test_divide', 'SELECT 1 / $1::int AS q', [0])).rejects.toMatchObject({
      code: '22012',
    });
    expect(await queryPrepared(dataSource.manager, 'prepared_test_divide', 'SELECT 1 / $1::int AS q', [1])).toEqual([{ q: 1 }]);
  });
});
