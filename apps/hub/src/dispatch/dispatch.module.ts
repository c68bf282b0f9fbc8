import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/index.js';
import { PolicyModule } from '../policy/index.js';
import { SubscriptionsModule } from '../subscriptions/index.js';
import { WebhooksModule } from '../webhooks/index.js';
import { DispatchRepository } from './dispatch.repository.js';
import { DispatchStallMonitor } from './dispatch-stall-monitor.js';
import { DispatcherService } from './dispatcher.service.js';

/**
 * The drain of the dispatch stream: versions before routing at commit sent every accepted event
 * there, and records they left are routed to the subscriptions as before. Nothing new goes to it.
 */
@Module({
  imports: [AgenciesModule, PolicyModule, SubscriptionsModule, WebhooksModule],
  providers: [DispatcherService, DispatchRepository, DispatchStallMonitor],
  exports: [DispatchStallMonitor],
})
export class DispatchModule {}
