import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HubReceipts, SubscriptionSequencesRepository } from '@hub/agency-kit';
import { PsbAdapterConfig } from '../config/psb-adapter-config.js';
import { GetWorkPermitController } from './get-work-permit/get-work-permit.controller.js';
import { PermitReaders } from './get-work-permit/permit-readers.js';
import { WorkPermitReadsRepository } from './get-work-permit/work-permit-reads.repository.js';
import { PSB_RECEIPTS, RecordWorkPermitsHandler } from './record-work-permits/record-work-permits.handler.js';
import { WorkPermitRecordsRepository } from './record-work-permits/work-permit-records.repository.js';
import { WorkPermit } from './work-permit.entity.js';

/** Public security's work-permit records: fed from the agency's inbound topic, read over HTTP. */
@Module({
  imports: [TypeOrmModule.forFeature([WorkPermit])],
  controllers: [GetWorkPermitController],
  providers: [
    RecordWorkPermitsHandler,
    WorkPermitRecordsRepository,
    SubscriptionSequencesRepository,
    PermitReaders,
    WorkPermitReadsRepository,
    {
      provide: PSB_RECEIPTS,
      inject: [PsbAdapterConfig],
      useFactory: (config: PsbAdapterConfig): HubReceipts | null => {
        const link = config.hubLink();
        return link
          ? new HubReceipts({ hubUrl: link.hubUrl, apiKey: link.apiKey, agencyId: config.AGENCY_ID, signing: link.signing })
          : null;
      },
    },
  ],
  exports: [RecordWorkPermitsHandler, PSB_RECEIPTS],
})
export class WorkPermitsModule {}
