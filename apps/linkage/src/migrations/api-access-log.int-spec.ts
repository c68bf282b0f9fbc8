import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@hub/testing';
import { seedCase } from '../cases-api/testing/case-rows.fixture.js';
import { LINKAGE_MIGRATIONS } from './index.js';

/** The migrations up to this one, so reverting the last one reverts it whatever later releases add. */
const UP_TO_ACCESS_LOG = LINKAGE_MIGRATIONS.filter((migration) => Number(/\d{13}$/.exec(migration.name)?.[0]) <= 1764600000200);

/** The api_access_log migration on a real PostgreSQL: up adds the table and the `released` action and turns off the card index's pending list; down keeps every action. */
describe('create-api-access-log migration', () => {
  let database: MigratedTestDatabase;

  beforeAll(async () => {
    database = await createMigratedTestDatabase('linkage_access_log', UP_TO_ACCESS_LOG);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('records released claims, keeps them as reopenings when reverted, and migrates up again', async () => {
    const { dataSource } = database;
    const seeded = await seedCase(dataSource);
    await dataSource.query(`INSERT INTO case_actions (case_id, action, actor, purpose) VALUES ($1, 'released', 'desk', 'case work')`, [
      seeded.id,
    ]);
    await expect(
      dataSource.query(`INSERT INTO case_actions (case_id, action, actor, purpose) VALUES ($1, 'deleted', 'desk', 'x')`, [seeded.id]),
    ).rejects.toThrow(/case_actions_action_check/);
    await dataSource.query(`INSERT INTO api_access_log (method, path, status) VALUES ('GET', '/v1/cases', 200)`);

    const cardIndexOptions = () => dataSource.query(`SELECT reloptions FROM pg_class WHERE relname = 'person_chains_by_card'`);
    expect(await cardIndexOptions()).toEqual([{ reloptions: ['fastupdate=off'] }]);

    await dataSource.undoLastMigration();
    expect(await cardIndexOptions()).toEqual([{ reloptions: null }]);
    expect(await dataSource.query(`SELECT to_regclass('api_access_log') AS table`)).toEqual([{ table: null }]);
    expect(await dataSource.query('SELECT action, detail FROM case_actions WHERE case_id = $1', [seeded.id])).toEqual([
      { action: 'reopened', detail: { released: true } },
    ]);

    await dataSource.runMigrations();
    await dataSource.query(`INSERT INTO case_actions (case_id, action, actor, purpose) VALUES ($1, 'released', 'desk', 'case work')`, [
      seeded.id,
    ]);
    expect(await dataSource.query(`SELECT count(*)::int AS rows FROM api_access_log`)).toEqual([{ rows: 0 }]);
  });
});
