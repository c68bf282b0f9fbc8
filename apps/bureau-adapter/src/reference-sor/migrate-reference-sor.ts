import { createDataSource, runMigrationsExclusively } from '@hub/persistence';
import { REFERENCE_SOR_MIGRATIONS } from './migrations/index.js';

/** Creates the reference bureau's schema in `url` (what the bureau's own deployment does; for tests and the demo). */
export async function migrateReferenceSor(url: string): Promise<void> {
  const dataSource = await createDataSource({
    url,
    applicationName: 'reference-bureau',
    entities: [],
    migrations: REFERENCE_SOR_MIGRATIONS,
    poolSize: 2, // the migration lock holds one connection while the migrations run on another
  }).initialize();
  try {
    await runMigrationsExclusively(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
