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
  /**
   * Settings for every session of the pool (sent as the connection's `options`, `-c name=value`),
   * e.g. `{ jit: 'off' }`.
   */
  readonly sessionSettings?: Readonly<Record<string, string>>;
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
    extra: { connectionTimeoutMillis: 10_000, ...sessionOptions(settings.sessionSettings) },
  });
}

function sessionOptions(settings: Readonly<Record<string, string>> | undefined): { options?: string } {
  const entries = Object.entries(settings ?? {});
  for (const [name, value] of entries) {
    if (!/^[a-z_.]+$/.test(name) || !/^[\w.-]+$/.test(value))
      throw new Error(`Session setting ${name}=${value} must be a plain name and value`);
  }
  return entries.length === 0 ? {} : { options: entries.map(([name, value]) => `-c ${name}=${value}`).join(' ') };
}
