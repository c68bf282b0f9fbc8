import {
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { KafkaProbe } from '@hub/messaging';
import { Metrics, MetricsModule } from '@hub/observability';
import { databaseModule } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { NamedKeyRing, parseNamedKeys } from '../api-keys/named-keys.js';
import { OPERATOR_KEYS } from '../api-keys/operator-key.guard.js';
import { DEAD_LETTERS, deadLettersController, type DeadLetterStore } from '../dead-letters/dead-letters.controller.js';
import { AdapterHealthController } from '../health/adapter-health.controller.js';
import { adapterMetrics } from '../metrics/adapter-metrics.js';
import { AgencyOutboundPublisher } from '../outbound/agency-outbound-publisher.js';
import { AgencyOutcomeReader } from '../outbound/agency-outcome-reader.js';
import { HubReceipts } from '../receipts/hub-receipts.js';
import { SubscriptionSequencesRepository } from '../sequences/subscription-sequences.repository.js';
import { AgencySigner } from '../signing/agency-signer.js';
import { readAgencySigner, readSecretSetting } from '../signing/read-agency-signer.js';
import { AgencyAdapterConfig } from './agency-adapter-config.js';
import type { AgencyAdapterDefinition } from './agency-adapter-definition.js';
import { agencyAdapterMigrations } from './agency-adapter-migrations.js';
import { decisionsController } from './decisions.controller.js';
import { InboundDeliveriesController } from './inbound-deliveries.controller.js';
import { mappedConsumer } from './mapped-consumer.js';
import { PublishDecisionHandler } from './publish-decision.handler.js';
import { RecordMappedHandler } from './record-mapped.handler.js';
import { recordPublishOutcome } from './record-publish-outcome.js';

/** How often kept events Kafka has not acknowledged (a failed send) are sent again. */
const PENDING_SWEEP_MS = 30_000;

/**
 * The outbound side's lifecycle: at start, sends what a crash left unpublished and starts reading
 * the hub's answers (`agency.<id>.outcomes`) onto `outbound_events`; every PENDING_SWEEP_MS sends
 * again what a failed send left; at shutdown stops both and closes the producer.
 */
class OutboundLifecycle implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('AgencyOutbound');
  private readonly outcomes: AgencyOutcomeReader;
  private sweep: NodeJS.Timeout | undefined;

  constructor(
    @Inject(PublishDecisionHandler) private readonly decisions: PublishDecisionHandler,
    @Inject(AgencyOutboundPublisher) private readonly outbound: AgencyOutboundPublisher,
    @Inject(AgencyAdapterConfig) config: AgencyAdapterConfig,
    @Inject(DataSource) db: DataSource,
  ) {
    this.outcomes = new AgencyOutcomeReader(
      { agencyId: config.AGENCY_ID, brokers: config.KAFKA_BROKERS, security: config.kafkaSecurity() },
      (outcome) => recordPublishOutcome(db, outcome, this.logger),
      { groupId: config.OUTCOMES_GROUP },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.sendPending();
    await this.outcomes.start();
    this.sweep = setInterval(() => void this.sendPending(), PENDING_SWEEP_MS).unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweep);
    await this.outcomes.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.outbound.disconnect();
  }

  private async sendPending(): Promise<void> {
    try {
      const sent = await this.decisions.publishPending();
      if (sent > 0) this.logger.log({ message: 'kept events published again', count: sent });
    } catch (error) {
      this.logger.warn({ message: 'kept events not published yet; sent again shortly', reason: (error as Error).message });
    }
  }
}

/**
 * An agency's whole adapter from its definition: its database (the kit's tables and the agency's,
 * migrated at start when RUN_MIGRATIONS is true), the inbound consumer applying the definition's
 * mappings with inbox, order, gap detection and receipts, the dead letters' API at
 * `/v1/dead-letters`, one decision route per publish mapping, `/health`, `/metrics`, and the
 * agency's signer and outbound publisher. createAgencyAdapterApp connects the Kafka consumer.
 */
@Module({})
export class AgencyAdapterModule {
  static forAgency(definition: AgencyAdapterDefinition, config: AgencyAdapterConfig): DynamicModule {
    return {
      module: AgencyAdapterModule,
      imports: [
        databaseModule({
          url: config.DATABASE_URL,
          applicationName: definition.app,
          entities: [],
          migrations: agencyAdapterMigrations(definition),
          runMigrations: config.RUN_MIGRATIONS === 'true',
        }),
        MetricsModule.forRoot({ app: definition.app, token: config.METRICS_TOKEN }),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
      ],
      controllers: [
        AdapterHealthController,
        InboundDeliveriesController,
        deadLettersController('v1/dead-letters'),
        ...(definition.publish ?? []).map(decisionsController),
      ],
      providers: [
        { provide: AgencyAdapterConfig, useValue: config },
        {
          provide: KafkaProbe,
          useFactory: () =>
            new KafkaProbe({ brokers: config.KAFKA_BROKERS, clientId: `${definition.app}-probe`, security: config.kafkaSecurity() }),
        },
        SubscriptionSequencesRepository,
        { provide: AgencySigner, useFactory: () => readAgencySigner(config) },
        {
          provide: HubReceipts,
          inject: [AgencySigner],
          useFactory: (signer: AgencySigner) =>
            new HubReceipts({
              hubUrl: config.HUB_URL,
              apiKey: readSecretSetting('HUB_API_KEY', config.HUB_API_KEY, config.HUB_API_KEY_FILE),
              agencyId: config.AGENCY_ID,
              signing: signer.key,
            }),
        },
        {
          provide: AgencyOutboundPublisher,
          useFactory: async () => {
            const publisher = new AgencyOutboundPublisher({
              agencyId: config.AGENCY_ID,
              brokers: config.KAFKA_BROKERS,
              security: config.kafkaSecurity(),
              clientId: `${definition.app}-outbound`,
            });
            await publisher.connect();
            return publisher;
          },
        },
        {
          provide: RecordMappedHandler,
          inject: [DataSource, SubscriptionSequencesRepository, Metrics, HubReceipts],
          useFactory: (dataSource: DataSource, sequences: SubscriptionSequencesRepository, metrics: Metrics, receipts: HubReceipts) =>
            new RecordMappedHandler(
              mappedConsumer(definition, { dataSource, sequences, gapGraceMs: config.SEQUENCE_GAP_GRACE_MS }),
              adapterMetrics(metrics, dataSource, config.METRICS_CACHE_MS),
              receipts,
            ),
        },
        {
          provide: PublishDecisionHandler,
          inject: [DataSource, AgencySigner, AgencyOutboundPublisher],
          useFactory: (dataSource: DataSource, signer: AgencySigner, outbound: AgencyOutboundPublisher) =>
            new PublishDecisionHandler(dataSource, signer, outbound),
        },
        { provide: OPERATOR_KEYS, useFactory: () => new NamedKeyRing(parseNamedKeys(config.OPERATOR_API_KEYS ?? '') ?? []) },
        {
          provide: DEAD_LETTERS,
          inject: [DataSource, RecordMappedHandler],
          useFactory: (db: DataSource, handler: RecordMappedHandler): DeadLetterStore => ({ db, redriving: handler.consumer }),
        },
        OutboundLifecycle,
      ],
    };
  }
}
