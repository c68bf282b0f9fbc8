import { DataSource, type EntitySchema, type MixedList } from 'typeorm';

/** What one app's database connection needs. */
export interface DataSourceSettings {
  readonly url: string;
  /** Shows in pg_stat_activity, so ops can tell the hub's connections from the adapter's. */
  readonly applicationName: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
  readonly entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
  readonly migrations: MixedList<Function | string>;
  readonly poolSize?: number;
}

/**
 * A PostgreSQL data source whose schema only ever changes through migrations
 * (`synchronize` is off); migrations run in one transaction each.
 */
export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource({
    type: 'postgres',
    url: settings.url,
    applicationName: settings.applicationName,
    entities: settings.entities,
    migrations: settings.migrations,
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    // Not 'error': TypeORM would print the failed query with its parameters, which carry personal data.
    // Callers log failures themselves, by error code and message.
    logging: ['migration'],
    poolSize: settings.poolSize ?? 10,
    extra: { connectionTimeoutMillis: 10_000 },
  });
}
