import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { KafkaProbe } from '@hub/messaging';
import { MetricsModule } from '@hub/observability';
import { databaseModule } from '@hub/persistence';
import { AgenciesApiModule } from './agencies/index.js';
import { AuditApiModule, AuditHashAlgorithmCheck, auditHashAlgorithmState, AuditSealerModule } from './audit/index.js';
import { HubConfig, type HubRole } from './config/hub-config.js';
import { ConsoleModule, ConsoleOperatorsApiModule } from './console/index.js';
import { ContractsApiModule } from './contracts/index.js';
import { DispatchModule } from './dispatch/index.js';
import { EventsApiModule } from './events/index.js';
import { IngestModule } from './ingest/index.js';
import { HUB_MIGRATIONS } from './migrations/index.js';
import { HealthController } from './ops/health.controller.js';
import { OpsMetrics } from './ops/ops-metrics.js';
import { MetricRollups } from './ops/rollups/metric-rollups.service.js';
import { PolicyApiModule } from './policy/index.js';
import { RecordsApiModule } from './records/index.js';
import { RelayModule } from './relay/index.js';
import { ReplayApiModule } from './replay/index.js';
import { RetentionModule } from './retention/index.js';
import { SubscriptionsApiModule } from './subscriptions/index.js';
import { TlsApiModule } from './tls/index.js';
import { WebhooksApiModule, WebhookWorkerModule } from './webhooks/index.js';

/**
 * What each role runs. An API module brings the core modules its controllers need; the other roles
 * import core modules only, so a process without `api` mounts no HTTP route but `/health` (and its
 * `live`/`ready` probes) and `/metrics`, and needs no ADMIN_TOKEN.
 */
export const ROLE_MODULES: Readonly<Record<HubRole, readonly Type[]>> = {
  api: [
    EventsApiModule,
    ContractsApiModule,
    AgenciesApiModule,
    TlsApiModule,
    PolicyApiModule,
    AuditApiModule,
    SubscriptionsApiModule,
    WebhooksApiModule,
    ReplayApiModule,
    ConsoleOperatorsApiModule,
    RecordsApiModule,
  ],
  relay: [RelayModule],
  dispatch: [DispatchModule, WebhookWorkerModule],
  audit: [AuditSealerModule, RetentionModule],
  ingest: [IngestModule],
  console: [ConsoleModule],
};

/** The hub: the roles HUB_ROLES chooses (`api`, `relay`, `dispatch`, `audit`, `ingest`, `console`), over one database. */
@Module({})
export class HubModule {
  static forRoot(config: HubConfig): DynamicModule {
    const roles = [...new Set(config.HUB_ROLES)];
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
        // The periodic jobs of the roles this process runs (audit archiving, retention, replay take-over, dispatch stall watch).
        ScheduleModule.forRoot(),
        // With HUB_API_PROCESSES > 1 every process shares its registry with the cluster's primary,
        // so `/metrics` on the shared port answers for all of them.
        MetricsModule.forRoot({ app: 'hub', token: config.METRICS_TOKEN, cluster: config.HUB_API_PROCESSES > 1 }),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        ...roles.flatMap((role) => ROLE_MODULES[role]),
      ],
      controllers: [HealthController],
      providers: [
        { provide: HubConfig, useValue: config },
        auditHashAlgorithmState,
        AuditHashAlgorithmCheck,
        {
          provide: KafkaProbe,
          useFactory: () => new KafkaProbe({ brokers: config.KAFKA_BROKERS, clientId: 'hub-ops', security: config.kafkaSecurity() }),
        },
        OpsMetrics,
        MetricRollups,
      ],
      // KafkaProbe: the one admin client of the process, for the console's lag page too.
      exports: [HubConfig, KafkaProbe],
    };
  }
}
