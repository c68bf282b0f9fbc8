import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { databaseModule } from '@hub/persistence';
import { AgenciesModule } from './agencies/agencies.module.js';
import { AuditHashAlgorithmCheck, auditHashAlgorithmState } from './audit/audit-hash-algorithm.js';
import { AuditModule } from './audit/audit.module.js';
import { HubConfig } from './config/hub-config.js';
import { ContractsModule } from './contracts/contracts.controller.js';
import { DispatchModule } from './dispatch/dispatch.module.js';
import { EventsModule } from './events/events.module.js';
import { HUB_MIGRATIONS } from './migrations/index.js';
import { HealthController } from './ops/health.controller.js';
import { PolicyModule } from './policy/policy.module.js';
import { RelayModule } from './relay/relay.module.js';
import { ReplayModule } from './replay/replay.module.js';
import { SubscriptionsModule } from './subscriptions/subscriptions.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

/** The hub: HTTP ingest (`api` role), the outbox relay (`relay` role) and the dispatcher (`dispatch` role), chosen by HUB_ROLES. */
@Module({})
export class HubModule {
  static forRoot(config: HubConfig): DynamicModule {
    const roles = new Set(config.HUB_ROLES);
    return {
      module: HubModule,
      global: true,
      imports: [
        databaseModule({
          url: config.DATABASE_URL,
          applicationName: `hub-${config.HUB_ROLES.join('+')}`,
          // The hub reads and writes its tables with explicit SQL (one statement per publish); no entities.
          entities: [],
          migrations: HUB_MIGRATIONS,
          poolSize: config.DATABASE_POOL_SIZE,
          runMigrations: config.RUN_MIGRATIONS === 'true',
        }),
        // The periodic jobs of the roles this process runs (audit archiving, replay take-over, dispatch stall watch).
        ScheduleModule.forRoot(),
        ...(roles.has('api')
          ? [EventsModule, ContractsModule, AgenciesModule, PolicyModule, AuditModule, SubscriptionsModule, WebhooksModule, ReplayModule]
          : []),
        ...(roles.has('relay') ? [RelayModule] : []),
        ...(roles.has('dispatch') ? [DispatchModule] : []),
      ],
      controllers: [HealthController],
      providers: [{ provide: HubConfig, useValue: config }, auditHashAlgorithmState, AuditHashAlgorithmCheck],
      exports: [HubConfig],
    };
  }
}
