import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/index.js';
import { PolicyModule } from '../policy/index.js';
import { SubscriptionsHandler } from './subscriptions.handler.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';
import { WebhookSecrets } from './webhook-secrets/webhook-secrets.js';

/** Agencies' subscriptions: the repository the dispatcher reads and the handler that changes them. */
@Module({
  imports: [AuditModule, PolicyModule],
  providers: [SubscriptionsHandler, SubscriptionsRepository, WebhookSecrets],
  exports: [SubscriptionsRepository, SubscriptionsHandler, WebhookSecrets],
})
export class SubscriptionsModule {}
