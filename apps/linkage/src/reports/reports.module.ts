import { Module, type CanActivate, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { MonthlyReportController } from './monthly-report.controller.js';
import { MonthlyReportHandler } from './monthly-report.handler.js';
import { REPORTS_API_GUARD, ReportsAccessGuard } from './reports-access.guard.js';
import { REPORTS_API_KEYS, ReportsApiKeysGuard } from './reports-api-keys.guard.js';

/** How ReportsModule checks its callers. */
export interface ReportsModuleOptions {
  /** The guard every report call passes (e.g. the linkage service's API guard). */
  readonly guard: Type<CanActivate>;
  /** Modules that provide what the guard needs. */
  readonly imports?: ModuleMetadata['imports'];
}

/**
 * The monthly reports API, self-contained: it needs the app's TypeORM DataSource (on the linkage
 * database, with LINKAGE_MIGRATIONS run) and a guard.
 */
@Module({})
export class ReportsModule {
  static register(options: ReportsModuleOptions): DynamicModule {
    return {
      module: ReportsModule,
      imports: options.imports ?? [],
      controllers: [MonthlyReportController],
      providers: [MonthlyReportHandler, ReportsAccessGuard, { provide: REPORTS_API_GUARD, useClass: options.guard }],
    };
  }

  /** With callers checked against LINKAGE_API_KEYS text (`<agency id or *>:<name>:<key>`, comma-separated). */
  static withApiKeys(apiKeys: string): DynamicModule {
    const module = ReportsModule.register({ guard: ReportsApiKeysGuard });
    return { ...module, providers: [...(module.providers ?? []), { provide: REPORTS_API_KEYS, useValue: apiKeys }] };
  }
}
