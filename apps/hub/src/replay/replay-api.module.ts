import { Module } from '@nestjs/common';
import { AgencyAuthModule } from '../agencies/index.js';
import { AdminAuthModule } from '../kernel/index.js';
import { SubscriptionsModule } from '../subscriptions/index.js';
import { AdminReplayController, ReplayController } from './replay.controller.js';
import { ReplayModule } from './replay.module.js';

/** The API that starts and follows replays, for agencies and operators (`api` role). */
@Module({
  imports: [ReplayModule, SubscriptionsModule, AgencyAuthModule, AdminAuthModule],
  controllers: [ReplayController, AdminReplayController],
})
export class ReplayApiModule {}
