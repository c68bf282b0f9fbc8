import {
  DEAD_LETTERS,
  deadLettersController,
  firstReading,
  NamedKeyRing,
  OPERATOR_KEYS,
  parseNamedKeys,
  type DeadLetterStore,
} from '@hub/agency-kit';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PsbAdapterConfig } from '../config/psb-adapter-config.js';
import { RecordReviewsHandler } from '../residence-reviews/record-reviews/record-reviews.handler.js';
import { ResidenceReviewsModule } from '../residence-reviews/residence-reviews.module.js';
import { RecordWorkPermitsHandler } from '../work-permits/record-work-permits/record-work-permits.handler.js';
import { WorkPermitsModule } from '../work-permits/work-permits.module.js';

/**
 * Public security's dead letters over HTTP, the agency kit's API at `/v1/dead-letters` behind
 * OPERATOR_API_KEYS (unset: 401 to everyone): listed, redriven through the consumer that parked
 * each record (work permits, or residence reviews), and discarded with a reason.
 */
@Module({
  imports: [WorkPermitsModule, ResidenceReviewsModule],
  controllers: [deadLettersController('v1/dead-letters')],
  providers: [
    {
      provide: OPERATOR_KEYS,
      inject: [PsbAdapterConfig],
      useFactory: (config: PsbAdapterConfig): NamedKeyRing => new NamedKeyRing(parseNamedKeys(config.OPERATOR_API_KEYS ?? '') ?? []),
    },
    {
      provide: DEAD_LETTERS,
      inject: [DataSource, RecordWorkPermitsHandler, RecordReviewsHandler],
      useFactory: (db: DataSource, permits: RecordWorkPermitsHandler, reviews: RecordReviewsHandler): DeadLetterStore => ({
        db,
        redriving: firstReading(permits.consumer, reviews.consumer),
      }),
    },
  ],
})
export class DeadLettersModule {}
