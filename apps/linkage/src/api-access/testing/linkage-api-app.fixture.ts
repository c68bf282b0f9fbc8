import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { LinkageApiAccessModule } from '../linkage-api-access.module.js';

/** A Nest app of the linkage API modules on a migrated linkage database, listening on a free local port. */
export interface LinkageApiApp {
  readonly app: INestApplication;
  readonly url: string;
  /** Calls the app with a key (Bearer) and a purpose (X-Purpose) unless told otherwise. */
  call(path: string, options?: { key?: string | null; purpose?: string | null; method?: string; body?: unknown }): Promise<Response>;
}

@Module({})
class GivenDataSourceModule {
  static of(dataSource: DataSource): DynamicModule {
    return {
      module: GivenDataSourceModule,
      global: true,
      providers: [{ provide: DataSource, useValue: dataSource }],
      exports: [DataSource],
    };
  }
}

@Module({})
class LinkageApiTestRoot {}

/**
 * Boots `modules` the way the linkage app imports them: TypeORM's DataSource from the app (here the
 * test database's) and LinkageApiAccessModule with `apiKeys`.
 */
export async function startLinkageApiApp(dataSource: DataSource, apiKeys: string, modules: DynamicModule[]): Promise<LinkageApiApp> {
  const root: DynamicModule = {
    module: LinkageApiTestRoot,
    imports: [GivenDataSourceModule.of(dataSource), LinkageApiAccessModule.forRoot({ apiKeys }), ...modules],
  };
  const app = await NestFactory.create(root, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    call: (path, options = {}) => {
      const headers: Record<string, string> = {};
      if (options.key) headers['authorization'] = `Bearer ${options.key}`;
      if (options.purpose !== null) headers['x-purpose'] = options.purpose ?? 'case work';
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      return fetch(`${url}${path}`, {
        method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
    },
  };
}
