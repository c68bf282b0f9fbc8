import { AgencyOutboundPublisher, SubscriptionSequencesRepository } from '@hub/agency-kit';
import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { PsbAdapterConfig } from '../config/psb-adapter-config.js';
import { PermitReaders } from '../work-permits/get-work-permit/permit-readers.js';
import { WorkPermitsModule } from '../work-permits/work-permits.module.js';
import { DecideReviewHandler, PSB_OUTBOUND } from './decide-review/decide-review.handler.js';
import { RecordReviewsHandler } from './record-reviews/record-reviews.handler.js';
import { ResidenceReviewsController } from './residence-reviews.controller.js';

class OutboundCloser implements OnApplicationShutdown {
  constructor(@Inject(PSB_OUTBOUND) private readonly outbound: AgencyOutboundPublisher | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.outbound?.disconnect();
  }
}

/** Residence reviews: the linkage service's cases for public security, and the officer's decisions published back through the hub. */
@Module({
  imports: [WorkPermitsModule],
  controllers: [ResidenceReviewsController],
  providers: [
    RecordReviewsHandler,
    DecideReviewHandler,
    SubscriptionSequencesRepository,
    PermitReaders,
    OutboundCloser,
    {
      provide: PSB_OUTBOUND,
      inject: [PsbAdapterConfig],
      useFactory: async (config: PsbAdapterConfig): Promise<AgencyOutboundPublisher | null> => {
        if (!config.hubLink()) return null;
        const publisher = new AgencyOutboundPublisher({
          agencyId: config.AGENCY_ID,
          brokers: config.KAFKA_BROKERS,
          security: config.kafkaSecurity(),
        });
        await publisher.connect();
        return publisher;
      },
    },
  ],
  exports: [RecordReviewsHandler],
})
export class ResidenceReviewsModule {}
