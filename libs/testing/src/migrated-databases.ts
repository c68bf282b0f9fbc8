import { createDataSource, createTestDatabase, runMigrationsExclusively, type DataSourceSettings } from '@hub/persistence';
import type { DataSource } from 'typeorm';
import { TEST_DATABASE_SERVER_URL } from './test-environment.js';

/** Test databases migrated by a given list of migrations, each run through its own connection; `close` drops them all. */
export class MigratedDatabases {
  private readonly databases: { drop: () => Promise<void> }[] = [];
  private readonly dataSources: DataSource[] = [];

  constructor(private readonly label: string) {}

  /** Runs `migrations` on a new test database, or again on the one at `url` (as a newer release would). */
  async migrate(migrations: DataSourceSettings['migrations'], url?: string): Promise<{ url: string; dataSource: DataSource }> {
    if (!url) {
      const database = await createTestDatabase(TEST_DATABASE_SERVER_URL, this.label);
      this.databases.push(database);
      url = database.url;
    }
    const dataSource = await createDataSource({ url, applicationName: `${this.label}-test`, entities: [], migrations }).initialize();
    this.dataSources.push(dataSource);
    await runMigrationsExclusively(dataSource);
    return { url, dataSource };
  }

  async close(): Promise<void> {
    for (const dataSource of this.dataSources.splice(0)) await dataSource.destroy();
    for (const database of this.databases.splice(0)) await database.drop();
  }
}
