import { Module, type DynamicModule, type FactoryProvider, type ModuleMetadata } from '@nestjs/common';
import { ApiAccessLog } from './api-access-log.js';
import { ApiAccessLogInterceptor } from './api-access-log.interceptor.js';
import { LINKAGE_API_ACCESS_OPTIONS, type LinkageApiAccessOptions } from './linkage-api-access.options.js';
import { LinkageApiGuard } from './linkage-api.guard.js';
import { LinkageApiKeyRing } from './linkage-api-key-ring.js';
import { LinkageProblemFilter } from './linkage-problem.filter.js';

const PROVIDERS = [LinkageApiKeyRing, ApiAccessLog, LinkageApiGuard, ApiAccessLogInterceptor, LinkageProblemFilter];

/**
 * Access to the linkage service's HTTP APIs: the API keys, the guard, the access log and the
 * problem filter that `@LinkageApi()` puts on a controller. Global, so every API module of the app
 * uses the one key ring; needs TypeORM's DataSource from the app (api_access_log).
 */
@Module({})
export class LinkageApiAccessModule {
  static forRoot(options: LinkageApiAccessOptions): DynamicModule {
    return {
      module: LinkageApiAccessModule,
      global: true,
      providers: [{ provide: LINKAGE_API_ACCESS_OPTIONS, useValue: options }, ...PROVIDERS],
      exports: PROVIDERS,
    };
  }

  /** The same, with the options from a factory (e.g. the app's config provider). */
  static forRootAsync(options: {
    readonly imports?: ModuleMetadata['imports'];
    readonly inject?: FactoryProvider['inject'];
    readonly useFactory: (...args: never[]) => LinkageApiAccessOptions | Promise<LinkageApiAccessOptions>;
  }): DynamicModule {
    return {
      module: LinkageApiAccessModule,
      global: true,
      imports: options.imports ?? [],
      providers: [{ provide: LINKAGE_API_ACCESS_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] }, ...PROVIDERS],
      exports: PROVIDERS,
    };
  }
}
