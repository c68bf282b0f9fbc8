import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { AdminSubscriptionsController, SubscriptionsController } from './subscriptions.controller.js';
import { KafkaReceipts } from './kafka-receipts.js';
import { SubscriptionsHandler } from './subscriptions.handler.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';
import { WebhookSecrets } from './webhook-secrets/webhook-secrets.js';

/** Agencies' subscriptions: the API that manages them and the repository the dispatcher reads. */
@Module({
  imports: [AgenciesModule, PolicyModule],
  controllers: [SubscriptionsController, AdminSubscriptionsController],
  providers: [SubscriptionsHandler, SubscriptionsRepository, KafkaReceipts, WebhookSecrets],
  exports: [SubscriptionsRepository, SubscriptionsHandler],
})
export class SubscriptionsModule {}
