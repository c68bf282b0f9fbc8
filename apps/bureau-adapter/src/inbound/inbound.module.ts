import { DEAD_LETTERS, deadLettersController, HubReceipts, type DeadLetterStore } from '@hub/agency-kit';
import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { BureauAdapterConfig } from '../config/bureau-adapter-config.js';
import { inboundDataSource, installHubInbound } from './inbound-data-source.js';
import { InboundStatusController } from './inbound-status/inbound-status.controller.js';
import { bureauInboundConsumer } from './record-inbound/bureau-inbound-consumer.js';
import { RecordInboundConsumer } from './record-inbound/record-inbound.consumer.js';
import { BUREAU_INBOUND_DB, BUREAU_RECEIPTS, RecordInboundHandler } from './record-inbound/record-inbound.handler.js';

/** Closes the pool on the bureau's database when the app stops. */
class InboundDatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(BUREAU_INBOUND_DB) private readonly db: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.db.isInitialized) await this.db.destroy();
  }
}

/**
 * The bureau's side of its subscription: the hub's deliveries (visas, residence, credit, linkage
 * cases of its province) applied to the bureau's database under `hub_inbound`, with receipts, and
 * their status over HTTP; its dead letters listed, redriven and discarded with the agency kit's API
 * (`/v1/inbound/dead-letters`). Installs its schema at start when RUN_MIGRATIONS is true.
 */
@Module({
  controllers: [RecordInboundConsumer, InboundStatusController, deadLettersController('v1/inbound/dead-letters')],
  providers: [
    {
      provide: BUREAU_INBOUND_DB,
      inject: [BureauAdapterConfig],
      useFactory: async (config: BureauAdapterConfig): Promise<DataSource> => {
        if (config.RUN_MIGRATIONS === 'true') await installHubInbound(config.BUREAU_DATABASE_URL);
        return inboundDataSource(config.BUREAU_DATABASE_URL).initialize();
      },
    },
    {
      provide: BUREAU_RECEIPTS,
      inject: [BureauAdapterConfig],
      useFactory: (config: BureauAdapterConfig): HubReceipts | null => {
        const apiKey = config.hubApiKey();
        if (config.HUB_URL === undefined || apiKey === undefined) return null;
        const signing = { alg: config.SIGNING_ALG, keyId: config.SIGNING_KEY_ID, privateKey: config.signingKey() };
        return new HubReceipts({ hubUrl: config.HUB_URL, apiKey, agencyId: config.AGENCY_ID, signing });
      },
    },
    {
      provide: DEAD_LETTERS,
      inject: [BUREAU_INBOUND_DB, BureauAdapterConfig],
      useFactory: (db: DataSource, config: BureauAdapterConfig): DeadLetterStore => ({
        db,
        redriving: bureauInboundConsumer(db, config.SEQUENCE_GAP_GRACE_MS),
      }),
    },
    RecordInboundHandler,
    InboundDatabaseCloser,
  ],
})
export class InboundModule {}
