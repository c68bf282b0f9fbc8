import { createDataSource, runMigrationsExclusively } from '@hub/persistence';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { HUB_INBOUND_MIGRATIONS, HUB_INBOUND_MIGRATIONS_TABLE, HUB_INBOUND_SCHEMA } from './migrations/index.js';

/**
 * A connection pool on the bureau's database whose sessions see the adapter's schema `hub_inbound`
 * first, so the kit's inbox, dead letters and sequence tables are the adapter's own there, apart
 * from the bureau's application tables.
 */
export function inboundDataSource(bureauDatabaseUrl: string, poolSize = 4): DataSource {
  const options = createDataSource({
    url: bureauDatabaseUrl,
    applicationName: 'bureau-adapter-inbound',
    entities: [],
    migrations: HUB_INBOUND_MIGRATIONS,
    poolSize,
  }).options;
  return new DataSource({
    ...options,
    migrationsTableName: HUB_INBOUND_MIGRATIONS_TABLE,
    extra: { ...(options.extra as Record<string, unknown>), options: `-c search_path=${HUB_INBOUND_SCHEMA}` },
  });
}

/** Creates the schema (once) and brings its tables up to date. */
export async function installHubInbound(bureauDatabaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: bureauDatabaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${HUB_INBOUND_SCHEMA}`);
  } finally {
    await client.end();
  }
  const db = await inboundDataSource(bureauDatabaseUrl, 2).initialize();
  try {
    await runMigrationsExclusively(db);
  } finally {
    await db.destroy();
  }
}
