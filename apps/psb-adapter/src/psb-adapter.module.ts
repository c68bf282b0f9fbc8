import { AdapterHealthController } from '@hub/agency-kit';
import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { KafkaProbe } from '@hub/messaging';
import { MetricsModule } from '@hub/observability';
import { databaseModule } from '@hub/persistence';
import { PsbAdapterConfig } from './config/psb-adapter-config.js';
import { DeadLettersModule } from './dead-letters/dead-letters.module.js';
import { PSB_ADAPTER_MIGRATIONS } from './migrations/index.js';
import { RecordDigestsModule } from './record-digests/record-digests.module.js';
import { InboundDeliveriesConsumer } from './inbound/inbound-deliveries.consumer.js';
import { ResidenceReviewsModule } from './residence-reviews/residence-reviews.module.js';
import { RetentionModule } from './retention/retention.module.js';
import { WorkPermit } from './work-permits/work-permit.entity.js';
import { WorkPermitsModule } from './work-permits/work-permits.module.js';

/** The public-security adapter: consumes permit events into public security's own database. */
@Module({})
export class PsbAdapterModule {
  static forRoot(config: PsbAdapterConfig): DynamicModule {
    return {
      module: PsbAdapterModule,
      global: true,
      imports: [
        databaseModule({
          url: config.DATABASE_URL,
          applicationName: 'psb-adapter',
          entities: [WorkPermit],
          migrations: PSB_ADAPTER_MIGRATIONS,
          runMigrations: config.RUN_MIGRATIONS === 'true',
        }),
        MetricsModule.forRoot({ app: 'psb-adapter', token: config.METRICS_TOKEN }),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        WorkPermitsModule,
        ResidenceReviewsModule,
        RecordDigestsModule,
        DeadLettersModule,
        ScheduleModule.forRoot(),
        RetentionModule,
      ],
      controllers: [AdapterHealthController, InboundDeliveriesConsumer],
      providers: [
        { provide: PsbAdapterConfig, useValue: config },
        {
          provide: KafkaProbe,
          useFactory: () =>
            new KafkaProbe({ brokers: config.KAFKA_BROKERS, clientId: 'psb-adapter-probe', security: config.kafkaSecurity() }),
        },
      ],
      exports: [PsbAdapterConfig],
    };
  }
}
