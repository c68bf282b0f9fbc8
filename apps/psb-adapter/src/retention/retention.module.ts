import { Module } from '@nestjs/common';
import { AdapterRetentionService } from './retention.service.js';

/** Keeps the inbox and the read log from growing without bound. */
@Module({ providers: [AdapterRetentionService] })
export class RetentionModule {}
