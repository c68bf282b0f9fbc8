import { Module } from '@nestjs/common';
import { RetentionService } from './retention.service.js';

/** Part of the `audit` role: deletes what the hub is done with once past its retention. */
@Module({ providers: [RetentionService] })
export class RetentionModule {}
