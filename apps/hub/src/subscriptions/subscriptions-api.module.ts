import { Module } from '@nestjs/common';
import { AgencyAuthModule } from '../agencies/index.js';
import { AuditModule } from '../audit/index.js';
import { AdminAuthModule } from '../kernel/index.js';
import { KafkaReceipts } from './kafka-receipts.js';
import { AdminSubscriptionsController, SubscriptionsController } from './subscriptions.controller.js';
import { SubscriptionsModule } from './subscriptions.module.js';

/** The subscriptions API (`api` role): agencies manage their own and send Kafka receipts; operators list all. */
@Module({
  imports: [SubscriptionsModule, AgencyAuthModule, AuditModule, AdminAuthModule],
  controllers: [SubscriptionsController, AdminSubscriptionsController],
  providers: [KafkaReceipts],
})
export class SubscriptionsApiModule {}
