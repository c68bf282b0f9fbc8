import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@hub/testing';
import { LINKAGE_MIGRATIONS } from './index.js';

/** The migrations up to this one, so reverting the last one reverts it whatever later releases add. */
const UP_TO_FAMILY_INDEXES = LINKAGE_MIGRATIONS.filter((migration) => Number(/\d{13}$/.exec(migration.name)?.[0]) <= 1764700000000);

/** The family-indexes migration on a real PostgreSQL: up turns off the pending list of both family indexes, down turns it on again. */
describe('family-indexes-without-pending-list migration', () => {
  let database: MigratedTestDatabase;

  beforeAll(async () => {
    database = await createMigratedTestDatabase('linkage_family_indexes', UP_TO_FAMILY_INDEXES);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('switches the pending list of the residence and principal permit indexes off, and on again when reverted', async () => {
    const { dataSource } = database;
    const options = () =>
      dataSource.query(
        `SELECT relname, reloptions FROM pg_class
          WHERE relname IN ('person_chains_by_residence_permit', 'person_chains_by_principal_permit') ORDER BY relname`,
      );
    expect(await options()).toEqual([
      { relname: 'person_chains_by_principal_permit', reloptions: ['fastupdate=off'] },
      { relname: 'person_chains_by_residence_permit', reloptions: ['fastupdate=off'] },
    ]);

    await dataSource.undoLastMigration();
    expect(await options()).toEqual([
      { relname: 'person_chains_by_principal_permit', reloptions: null },
      { relname: 'person_chains_by_residence_permit', reloptions: null },
    ]);
    await dataSource.runMigrations();
    expect(await options()).toHaveLength(2);
  });
});
