import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { createDataSource, type DataSourceSettings } from './create-data-source.js';
import { runMigrationsExclusively } from './run-migrations.js';

/**
 * An app's TypeORM connection as a Nest module: the data source of `createDataSource`, with the
 * app's migrations run at start (under the migration lock) when `runMigrations` is set.
 */
export function databaseModule(settings: DataSourceSettings & { readonly runMigrations: boolean }): DynamicModule {
  return TypeOrmModule.forRootAsync({
    useFactory: () => createDataSource(settings).options,
    dataSourceFactory: async (options?: DataSourceOptions) => {
      const dataSource = await new DataSource(options as DataSourceOptions).initialize();
      if (settings.runMigrations) await runMigrationsExclusively(dataSource);
      return dataSource;
    },
  });
}
