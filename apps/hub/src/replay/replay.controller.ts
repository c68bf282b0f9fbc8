import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { AgencyGuard, CallingAgency, type Agency } from '../agencies/index.js';
import { AdminActor, AdminNotFoundError, AdminTokenGuard } from '../kernel/index.js';
import { SubscriptionsHandler, SubscriptionsRepository } from '../subscriptions/index.js';
import { ReplayRequestDto, replayRequestOf } from './replay-request.dto.js';
import type { Replay } from './replay.js';
import { ReplayService } from './replay.service.js';

/** An agency replays its own subscription and follows the progress. */
@Controller('v1/subscriptions/:id/replays')
@UseGuards(AgencyGuard)
export class ReplayController {
  constructor(
    private readonly replays: ReplayService,
    private readonly subscriptions: SubscriptionsHandler,
  ) {}

  @Post()
  @HttpCode(202)
  async start(@CallingAgency() agency: Agency, @Param('id') id: string, @Body() body: ReplayRequestDto): Promise<Replay> {
    const subscription = await this.subscriptions.get(agency, id);
    const replay = replayRequestOf(body);
    await this.subscriptions.checkWebhook(replay.into?.webhook?.url ?? undefined, 'into.webhook');
    return this.replays.start(subscription, replay, `agency:${agency.id}`);
  }

  @Get(':replayId')
  async progress(@CallingAgency() agency: Agency, @Param('id') id: string, @Param('replayId') replayId: string): Promise<Replay> {
    await this.subscriptions.get(agency, id);
    return this.replays.get(id, replayId);
  }
}

/** Operators replay any subscription (e.g. after an agency restored its systems). */
@Controller('v1/admin/subscriptions/:id/replays')
@UseGuards(AdminTokenGuard)
export class AdminReplayController {
  constructor(
    private readonly replays: ReplayService,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly handler: SubscriptionsHandler,
  ) {}

  @Post()
  @HttpCode(202)
  async start(@Param('id') id: string, @Body() body: ReplayRequestDto, @AdminActor() actor: string): Promise<Replay> {
    const subscription = await this.subscriptions.find(id);
    if (!subscription) throw new AdminNotFoundError(`Subscription ${id}`, 'GET /v1/admin/subscriptions lists them.');
    const replay = replayRequestOf(body);
    await this.handler.checkWebhook(replay.into?.webhook?.url ?? undefined, 'into.webhook');
    return this.replays.start(subscription, replay, actor);
  }

  @Get(':replayId')
  progress(@Param('id') id: string, @Param('replayId') replayId: string): Promise<Replay> {
    return this.replays.get(id, replayId);
  }
}
