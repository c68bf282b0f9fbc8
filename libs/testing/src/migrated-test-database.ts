import { createDataSource, createTestDatabase, runMigrationsExclusively, type DataSourceSettings } from '@hub/persistence';
import type { DataSource } from 'typeorm';
import { TEST_DATABASE_SERVER_URL } from './test-environment.js';

/** A fresh test database with an app's (or a lib's) migrations applied, and a pool on it. */
export interface MigratedTestDatabase {
  readonly url: string;
  readonly dataSource: DataSource;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/**
 * Creates a `<label>_test_*` database on the test PostgreSQL server and runs `migrations` on it, as
 * the app would at boot: for integration specs that exercise a repository's SQL directly.
 */
export async function createMigratedTestDatabase(
  label: string,
  migrations: DataSourceSettings['migrations'],
  poolSize = 10,
): Promise<MigratedTestDatabase> {
  const database = await createTestDatabase(TEST_DATABASE_SERVER_URL, label);
  const dataSource = await createDataSource({ url: database.url, applicationName: `${label}-test`, entities: [], migrations, poolSize })
    .initialize()
    .catch(async (error: unknown) => {
      await database.drop();
      throw error;
    });
  await runMigrationsExclusively(dataSource);
  return {
    url: database.url,
    dataSource,
    drop: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
