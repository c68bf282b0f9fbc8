import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { SubscriptionSequencesRepository } from '@hub/agency-kit';
import { signEvent } from '@hub/identity';
import { TerminusModule } from '@nestjs/terminus';
import { KafkaProbe } from '@hub/messaging';
import { MetricsModule } from '@hub/observability';
import { databaseModule } from '@hub/persistence';
import { OverdueCheckService } from './cases/overdue-check.service.js';
import { LinkageConfig } from './config/linkage-config.js';
import { LinkageClock } from './decide/linkage-clock.js';
import { LinkageRules, linkageRulesOf } from './decide/linkage-rules.js';
import { HealthController } from './health.controller.js';
import { RecordChainEventsConsumer } from './ingest/record-chain-events.consumer.js';
import { RecordChainEventsHandler } from './ingest/record-chain-events.handler.js';
import { linkageApiModules } from './linkage-api-modules.js';
import { LINKAGE_MIGRATIONS } from './migrations/index.js';
import { LinkageEventWriter } from './publish/linkage-event-writer.js';
import { OutboxPublisher } from './publish/outbox-publisher.service.js';
import { LinkageRetentionService } from './retention/linkage-retention.service.js';
import { CasesRepository } from './store/cases.repository.js';
import { DecisionsRepository } from './store/decisions.repository.js';
import { LinkageInboxRepository } from './store/linkage-inbox.repository.js';
import { LinkageOutboxRepository } from './store/linkage-outbox.repository.js';
import { PersonChainsRepository } from './store/person-chains.repository.js';

/** What a test or the CLI may replace: the clock (the day the rules look from). */
export interface LinkageModuleOptions {
  readonly clock?: LinkageClock;
}

/** Providers every module of the service may inject (LinkageModule is global). */
const SHARED: Provider[] = [LinkageInboxRepository, PersonChainsRepository, DecisionsRepository, CasesRepository, LinkageOutboxRepository];

/**
 * The linkage service: the consumer of `agency.linkage.inbound` (chains, decisions, cases and the
 * outbox in one transaction per batch), the outbox publisher, the overdue check, retention
 * (LinkageRetentionService), /health, and the HTTP API modules of linkageApiModules. Global, so
 * those modules inject its providers.
 */
@Module({})
export class LinkageModule {
  static forRoot(config: LinkageConfig, options: LinkageModuleOptions = {}): DynamicModule {
    const clock = options.clock ?? new LinkageClock();
    const identity = { alg: config.LINKAGE_SIGNING_ALG, keyId: config.LINKAGE_SIGNING_KEY_ID, privateKey: config.signingKey() };
    const exported: Provider[] = [
      ...SHARED,
      { provide: LinkageConfig, useValue: config },
      { provide: LinkageClock, useValue: clock },
      { provide: LinkageRules, useValue: linkageRulesOf(config.AVERAGE_WAGES_FILE) },
      {
        provide: LinkageEventWriter,
        inject: [LinkageOutboxRepository],
        useFactory: (outbox: LinkageOutboxRepository) => new LinkageEventWriter(outbox, identity, () => clock.now()),
      },
      OutboxPublisher,
    ];
    return {
      module: LinkageModule,
      global: true,
      imports: [
        databaseModule({
          url: config.DATABASE_URL,
          applicationName: 'linkage',
          // Short statements on a few rows each: JIT compiling one (when a stale estimate crosses its
          // cost threshold) took longer than running it.
          sessionSettings: { jit: 'off' },
          entities: [],
          migrations: LINKAGE_MIGRATIONS,
          runMigrations: config.RUN_MIGRATIONS === 'true',
        }),
        MetricsModule.forRoot({ app: 'linkage', token: config.METRICS_TOKEN }),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        ...linkageApiModules(config, { clock, signer: { sign: (event) => signEvent(event, identity) } }),
      ],
      controllers: [HealthController, RecordChainEventsConsumer],
      providers: [
        ...exported,
        {
          provide: KafkaProbe,
          useFactory: () => new KafkaProbe({ brokers: config.KAFKA_BROKERS, clientId: 'linkage-probe', security: config.kafkaSecurity() }),
        },
        SubscriptionSequencesRepository,
        RecordChainEventsHandler,
        OverdueCheckService,
        LinkageRetentionService,
      ],
      exports: [...exported.map((p) => ('provide' in p ? p.provide : p)), OverdueCheckService],
    };
  }
}
