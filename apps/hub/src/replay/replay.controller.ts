import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import type { Request } from 'express';
import { AdminActor, AdminNotFoundError, AdminTokenGuard, validateBody } from '../kernel/index.js';
import { type Subscription, SubscriptionChannelsDto, SubscriptionsHandler, SubscriptionsRepository } from '../subscriptions/index.js';
import { AgencyAuthenticator } from '../agencies/index.js';
import type { Replay } from './replay.js';
import { ReplayService } from './replay.service.js';

/** `POST …/replays`: from a time or a sequence number, into the subscription's channels or `into`. */
export class ReplayRequestDto {
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'fromTime must be an RFC 3339 time' })
  fromTime?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  fromSequence?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => SubscriptionChannelsDto)
  into?: SubscriptionChannelsDto;
}

function channelsOf(dto: ReplayRequestDto): { fromTime?: string; fromSequence?: number; into?: Subscription['channels'] } {
  return {
    ...(dto.fromTime === undefined ? {} : { fromTime: dto.fromTime }),
    ...(dto.fromSequence === undefined ? {} : { fromSequence: dto.fromSequence }),
    ...(dto.into === undefined
      ? {}
      : { into: { kafka: dto.into.kafka ?? false, webhook: dto.into.webhook ? { url: dto.into.webhook.url } : null } }),
  };
}

/** An agency replays its own subscription and follows the progress. */
@Controller('v1/subscriptions/:id/replays')
export class ReplayController {
  constructor(
    private readonly replays: ReplayService,
    private readonly subscriptions: SubscriptionsHandler,
    private readonly authenticator: AgencyAuthenticator,
  ) {}

  @Post()
  @HttpCode(202)
  async start(
    @Req() request: Request,
    @Headers('authorization') authorization: string | undefined,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<Replay> {
    const agency = this.authenticator.authenticate(request.socket, authorization);
    const subscription = await this.subscriptions.get(agency, id);
    const replay = channelsOf(validateBody(ReplayRequestDto, body ?? {}));
    await this.subscriptions.checkWebhook(replay.into?.webhook?.url ?? undefined, 'into.webhook');
    return this.replays.start(subscription, replay, `agency:${agency.id}`);
  }

  @Get(':replayId')
  async progress(
    @Req() request: Request,
    @Headers('authorization') authorization: string | undefined,
    @Param('id') id: string,
    @Param('replayId') replayId: string,
  ): Promise<Replay> {
    const agency = this.authenticator.authenticate(request.socket, authorization);
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
  async start(@Param('id') id: string, @Body() body: unknown, @AdminActor() actor: string): Promise<Replay> {
    const subscription = await this.subscriptions.find(id);
    if (!subscription) throw new AdminNotFoundError(`Subscription ${id}`, 'GET /v1/admin/subscriptions lists them.');
    const replay = channelsOf(validateBody(ReplayRequestDto, body ?? {}));
    await this.handler.checkWebhook(replay.into?.webhook?.url ?? undefined, 'into.webhook');
    return this.replays.start(subscription, replay, actor);
  }

  @Get(':replayId')
  progress(@Param('id') id: string, @Param('replayId') replayId: string): Promise<Replay> {
    return this.replays.get(id, replayId);
  }
}
