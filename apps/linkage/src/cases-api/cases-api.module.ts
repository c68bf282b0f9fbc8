import { Module, type DynamicModule, type FactoryProvider, type ModuleMetadata } from '@nestjs/common';
import { CasesController } from './cases.controller.js';
import { CASES_API_OPTIONS, type CasesApiOptions } from './cases-api.options.js';
import { ChainsController } from './chains.controller.js';
import { ClaimCaseHandler } from './claim-case/claim-case.handler.js';
import { GetCaseHandler } from './get-case/get-case.handler.js';
import { GetChainHandler } from './get-chain/get-chain.handler.js';
import { ListCasesHandler } from './list-cases/list-cases.handler.js';
import { ReleaseCaseHandler } from './release-case/release-case.handler.js';
import { ResolveCaseHandler } from './resolve-case/resolve-case.handler.js';

const HANDLERS = [ListCasesHandler, GetCaseHandler, ClaimCaseHandler, ReleaseCaseHandler, ResolveCaseHandler, GetChainHandler];

/**
 * The cases API (`/v1/cases`) and person chains (`/v1/chains/:subject`). Needs from the app:
 * TypeORM's DataSource on the linkage database and LinkageApiAccessModule (keys, access log).
 */
@Module({})
export class CasesApiModule {
  static forRoot(options: CasesApiOptions): DynamicModule {
    return {
      module: CasesApiModule,
      controllers: [CasesController, ChainsController],
      providers: [{ provide: CASES_API_OPTIONS, useValue: options }, ...HANDLERS],
    };
  }

  /** The same, with the options from a factory (e.g. a signer built from the app's config). */
  static forRootAsync(options: {
    readonly imports?: ModuleMetadata['imports'];
    readonly inject?: FactoryProvider['inject'];
    readonly useFactory: (...args: never[]) => CasesApiOptions | Promise<CasesApiOptions>;
  }): DynamicModule {
    return {
      module: CasesApiModule,
      imports: options.imports ?? [],
      controllers: [CasesController, ChainsController],
      providers: [{ provide: CASES_API_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] }, ...HANDLERS],
    };
  }
}
