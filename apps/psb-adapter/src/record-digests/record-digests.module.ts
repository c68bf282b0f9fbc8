import { Module } from '@nestjs/common';
import { RecordDigestsController } from './record-digests.controller.js';
import { RecordDigestsRepository } from './record-digests.repository.js';
import { ReconcilingBureaus } from './reconciling-bureaus.js';

/** The digests of public security's copy of a bureau's permits, for the bureau's reconciliation. */
@Module({
  controllers: [RecordDigestsController],
  providers: [RecordDigestsRepository, ReconcilingBureaus],
})
export class RecordDigestsModule {}
