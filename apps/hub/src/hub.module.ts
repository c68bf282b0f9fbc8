import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxMessage } from '@hub/messaging';
import { createDataSource, runMigrationsExclusively } from '@hub/persistence';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { HubConfig } from './config/hub-config.js';
import { EventRecord } from './events/event-record.entity.js';
import { EventsModule } from './events/events.module.js';
import { HUB_MIGRATIONS } from './migrations/index.js';
import { HealthController } from './ops/health.controller.js';
import { RelayModule } from './relay/relay.module.js';

/** The hub: HTTP ingest (`api` role) and the outbox relay (`relay` role), chosen by HUB_ROLES. */
@Module({})
export class HubModule {
  static forRoot(config: HubConfig): DynamicModule {
    const roles = new Set(config.HUB_ROLES);
    return {
      module: HubModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () =>
            createDataSource({
              url: config.DATABASE_URL,
              applicationName: `hub-${config.HUB_ROLES.join('+')}`,
              entities: [EventRecord, OutboxMessage],
              migrations: HUB_MIGRATIONS,
              poolSize: config.DATABASE_POOL_SIZE,
            }).options,
          dataSourceFactory: async (options?: DataSourceOptions) => {
            const dataSource = await new DataSource(options as DataSourceOptions).initialize();
            if (config.RUN_MIGRATIONS === 'true') await runMigrationsExclusively(dataSource);
            return dataSource;
          },
        }),
        ...(roles.has('api') ? [EventsModule] : []),
        ...(roles.has('relay') ? [RelayModule] : []),
      ],
      controllers: [HealthController],
      providers: [{ provide: HubConfig, useValue: config }],
      exports: [HubConfig],
    };
  }
}
