import { createDataSource, runMigrationsExclusively } from '@hub/persistence';
import { AuditTrailSink } from '../audit/index.js';
import { HUB_MIGRATIONS } from '../migrations/index.js';
import { loadOrCreateHubCa, type HubCa } from './hub-ca-store.js';

/**
 * The hub CA of the hub database at `databaseUrl`, before any hub process runs: migrates that
 * database as the hub would, then loads or creates the CA exactly as the hub does. `npm start`
 * issues the local broker's certificate from it, so the broker the hub talks to chains to the CA
 * the hub serves at `GET /v1/ca/certificate`.
 */
export async function prepareHubCa(
  databaseUrl: string,
  caKeyEncryptionKey: string,
): Promise<{ readonly ca: HubCa; readonly created: boolean }> {
  const dataSource = createDataSource({
    url: databaseUrl,
    applicationName: 'hub-ca',
    entities: [],
    migrations: HUB_MIGRATIONS,
    poolSize: 2,
  });
  await dataSource.initialize();
  try {
    await runMigrationsExclusively(dataSource);
    return await loadOrCreateHubCa(dataSource, caKeyEncryptionKey, new AuditTrailSink(dataSource));
  } finally {
    await dataSource.destroy();
  }
}
