import {
  AdapterHealthController,
  NamedKeyRing,
  OPERATOR_KEYS,
  OperatorKeyGuard,
  parseNamedKeys,
  type AgencyOutboundSettings,
} from '@hub/agency-kit';
import { APP_GUARD } from '@nestjs/core';
import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { KafkaProbe } from '@hub/messaging';
import { MetricsModule } from '@hub/observability';
import { databaseModule } from '@hub/persistence';
import { SyncRunner, RECORD_PUBLISHER } from './capture/sync-runner.service.js';
import type { RecordPublisher } from './capture/sync-ports.js';
import { BureauAdapterConfig } from './config/bureau-adapter-config.js';
import { InboundModule } from './inbound/inbound.module.js';
import { BUREAU_ADAPTER_MIGRATIONS } from './migrations/index.js';
import { OUTBOUND_SETTINGS, OutcomeRunner } from './outcomes/outcome-runner.service.js';
import { ReconcileController } from './reconcile/reconcile.controller.js';
import { ReconcileService } from './reconcile/reconcile.service.js';
import { SyncStatusController } from './sync-status/sync-status.controller.js';

/** The bureau adapter: the bureau's permits to the hub (capture → signed events → outbound topic) and the hub's outcomes back. */
@Module({})
export class BureauAdapterModule {
  static forRoot(
    config: BureauAdapterConfig,
    ports: { readonly publisher: RecordPublisher; readonly outbound: AgencyOutboundSettings },
  ): DynamicModule {
    return {
      module: BureauAdapterModule,
      global: true,
      imports: [
        databaseModule({
          url: config.DATABASE_URL,
          applicationName: 'bureau-adapter',
          entities: [],
          migrations: BUREAU_ADAPTER_MIGRATIONS,
          runMigrations: config.RUN_MIGRATIONS === 'true',
        }),
        MetricsModule.forRoot({ app: 'bureau-adapter', token: config.METRICS_TOKEN }),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        ...(config.INBOUND === 'on' ? [InboundModule] : []),
      ],
      controllers: [AdapterHealthController, SyncStatusController, ReconcileController],
      providers: [
        { provide: BureauAdapterConfig, useValue: config },
        { provide: OPERATOR_KEYS, useValue: operatorKeys(config) },
        { provide: APP_GUARD, useClass: OperatorKeyGuard },
        { provide: RECORD_PUBLISHER, useValue: ports.publisher },
        { provide: OUTBOUND_SETTINGS, useValue: ports.outbound },
        {
          provide: KafkaProbe,
          useFactory: () =>
            new KafkaProbe({ brokers: config.KAFKA_BROKERS, clientId: 'bureau-adapter-probe', security: config.kafkaSecurity() }),
        },
        SyncRunner,
        OutcomeRunner,
        ReconcileService,
      ],
      // OPERATOR_KEYS for the kit's dead-letter controller, which checks them itself (InboundModule).
      exports: [BureauAdapterConfig, OPERATOR_KEYS],
    };
  }
}

/** The operator keys the API checks; none when OPERATOR_API_KEYS is unset, so every `/v1/` call is refused. */
function operatorKeys(config: BureauAdapterConfig): NamedKeyRing {
  if (config.OPERATOR_API_KEYS === undefined) return new NamedKeyRing([]);
  const keys = parseNamedKeys(config.OPERATOR_API_KEYS);
  // loadBureauAdapterConfig has checked them; a config built another way must not leave the API open.
  if (!keys) throw new Error("The bureau adapter's configuration is invalid:\n  OPERATOR_API_KEYS: name:key pairs");
  return new NamedKeyRing(keys);
}
