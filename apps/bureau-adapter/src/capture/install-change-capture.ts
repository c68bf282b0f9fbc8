import { createDataSource, runMigrationsExclusively } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { CAPTURE_MIGRATIONS, CAPTURE_MIGRATIONS_TABLE } from './migrations/index.js';

/**
 * Installs (or brings up to date) change capture in the bureau's database. Its migrations are kept
 * in their own table, apart from whatever the bureau's own application keeps in that database.
 */
export async function installChangeCapture(bureauDatabaseUrl: string): Promise<void> {
  const options = createDataSource({
    url: bureauDatabaseUrl,
    applicationName: 'bureau-adapter-capture',
    entities: [],
    migrations: CAPTURE_MIGRATIONS,
    poolSize: 2, // the migration lock holds one connection while the migrations run on another
  }).options;
  const dataSource = await new DataSource({ ...options, migrationsTableName: CAPTURE_MIGRATIONS_TABLE }).initialize();
  try {
    await runMigrationsExclusively(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
