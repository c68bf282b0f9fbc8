import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { AdminReplayController, ReplayController } from './replay.controller.js';
import { ReplayService } from './replay.service.js';
import { ReplaysRepository } from './replays.repository.js';

/** Replays of subscriptions: the API that starts and follows them, and the runner. */
@Module({
  imports: [AgenciesModule, PolicyModule, SubscriptionsModule, WebhooksModule],
  controllers: [ReplayController, AdminReplayController],
  providers: [ReplayService, ReplaysRepository],
})
export class ReplayModule {}
