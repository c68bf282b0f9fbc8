import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/index.js';
import { PolicyModule } from '../policy/index.js';
import { SubscriptionsModule } from '../subscriptions/index.js';
import { WebhooksModule } from '../webhooks/index.js';
import { DispatchRepository } from './dispatch.repository.js';
import { DispatchStallMonitor } from './dispatch-stall-monitor.js';
import { DispatcherService } from './dispatcher.service.js';

/** The `dispatch` role's router: routes accepted events to the subscriptions that may have them. */
@Module({
  imports: [AgenciesModule, PolicyModule, SubscriptionsModule, WebhooksModule],
  providers: [DispatcherService, DispatchRepository, DispatchStallMonitor],
  exports: [DispatchStallMonitor],
})
export class DispatchModule {}
