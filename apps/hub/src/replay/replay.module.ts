import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/index.js';
import { AuditModule } from '../audit/index.js';
import { PolicyModule } from '../policy/index.js';
import { SubscriptionsModule } from '../subscriptions/index.js';
import { WebhooksModule } from '../webhooks/index.js';
import { ReplayService } from './replay.service.js';
import { ReplaysRepository } from './replays.repository.js';

/** Replays of subscriptions: the runner that serves them. */
@Module({
  imports: [AgenciesModule, AuditModule, PolicyModule, SubscriptionsModule, WebhooksModule],
  providers: [ReplayService, ReplaysRepository],
  exports: [ReplayService],
})
export class ReplayModule {}
