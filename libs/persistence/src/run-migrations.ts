import type { DataSource } from 'typeorm';

/** Any number will do, as long as every app uses the same one. */
const MIGRATION_LOCK_KEY = 727_100;

/**
 * Runs pending migrations while holding a PostgreSQL advisory lock, so replicas that start
 * together take turns: the first migrates, the others wait and then find nothing to do.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
