import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module.js';
import { WebhookWorkerService } from '../webhooks/webhook-worker.service.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { DispatchRepository } from './dispatch.repository.js';
import { DispatchStallMonitor } from './dispatch-stall-monitor.js';
import { DispatcherService } from './dispatcher.service.js';

/** The `dispatch` role: routes accepted events to subscriptions, and sends the webhook deliveries. */
@Module({
  imports: [AgenciesModule, PolicyModule, SubscriptionsModule, WebhooksModule],
  providers: [DispatcherService, DispatchRepository, DispatchStallMonitor, WebhookWorkerService],
  exports: [DispatchStallMonitor],
})
export class DispatchModule {}
