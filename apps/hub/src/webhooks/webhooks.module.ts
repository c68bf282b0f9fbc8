import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { AdminDeliveriesController, DeliveriesController } from './deliveries.controller.js';
import { webhookDeliveriesProvider } from './webhook-deliveries.provider.js';

/** The webhook delivery queue (`@hub/delivery`): what the dispatcher enqueues into, and its subscriber and ops APIs. */
@Module({
  imports: [AgenciesModule],
  controllers: [DeliveriesController, AdminDeliveriesController],
  providers: [webhookDeliveriesProvider],
  exports: [webhookDeliveriesProvider],
})
export class WebhooksModule {}
