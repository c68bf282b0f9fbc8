import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/index.js';
import { PolicyModule } from '../policy/index.js';
import { SubscriptionsModule } from '../subscriptions/index.js';
import { WebhooksModule } from '../webhooks/index.js';
import { RoutingViews } from './routing-views.js';

/** Routing at publish time: the routing view every publish routes with, and the webhook queue it seals for. */
@Module({
  imports: [AgenciesModule, PolicyModule, SubscriptionsModule, WebhooksModule],
  providers: [RoutingViews],
  exports: [RoutingViews, WebhooksModule],
})
export class RoutingModule {}
