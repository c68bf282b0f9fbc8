import { Module } from '@nestjs/common';
import { AgencyAuthModule } from '../agencies/index.js';
import { AdminAuthModule } from '../kernel/index.js';
import { RecordDigestsController } from './digests/record-digests.controller.js';
import { RecordDigestsRepository } from './digests/record-digests.repository.js';
import { AdminReconciliationsController, ReconciliationsController } from './reconciliations/reconciliations.controller.js';
import { ReconciliationsRepository } from './reconciliations/reconciliations.repository.js';

/** Reconciliation with agencies' systems of record: record digests, reconciliation summaries (`api` role). */
@Module({
  imports: [AgencyAuthModule, AdminAuthModule],
  controllers: [RecordDigestsController, ReconciliationsController, AdminReconciliationsController],
  providers: [RecordDigestsRepository, ReconciliationsRepository],
})
export class RecordsApiModule {}
