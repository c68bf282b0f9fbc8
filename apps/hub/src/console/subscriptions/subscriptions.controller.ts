import { Body, Controller, Get, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { readSubscriptionLag } from '../../ops/index.js';
import { DataSource } from 'typeorm';
import { ListAgenciesQuery, type ConsoleAgency } from '../agencies/list-agencies.query.js';
import { ConsoleExceptionFilter } from '../kernel/console-exception.filter.js';
import { AllowRoles, SignedIn } from '../session/console-access.js';
import { ConsoleSessionGuard } from '../session/console-session.guard.js';
import type { SignedInOperator } from '../session/signed-in-operator.js';
import { ChangeSubscriptionHandler } from './change-subscription.handler.js';

interface ConsoleSubscription {
  id: string;
  agency: string;
  name: string;
  transport: 'kafka' | 'webhook';
  state: 'active' | 'paused';
  lastDeliveredSequence: number;
  unacknowledged: number;
  lastReceiptAt: string | null;
  lagMessages: number;
}

/** Agencies and subscriptions (every role); pause, resume and replay (operators). */
@Controller('console/api')
@UseGuards(ConsoleSessionGuard)
@UseFilters(ConsoleExceptionFilter)
export class SubscriptionsController {
  constructor(
    private readonly agencies: ListAgenciesQuery,
    private readonly change: ChangeSubscriptionHandler,
    private readonly dataSource: DataSource,
  ) {}

  @Get('agencies')
  listAgencies(): Promise<ConsoleAgency[]> {
    return this.agencies.list();
  }

  @Get('subscriptions')
  async listSubscriptions(): Promise<ConsoleSubscription[]> {
    return (await readSubscriptionLag(this.dataSource)).map((one) => ({
      id: one.id,
      agency: one.agency,
      name: one.name,
      transport: one.transport,
      state: one.state,
      lastDeliveredSequence: one.lastDeliveredSequence,
      unacknowledged: one.unacknowledged,
      lastReceiptAt: one.lastReceiptAt,
      lagMessages: one.lagMessages,
    }));
  }

  @Post('subscriptions/:id/pause')
  @HttpCode(200)
  @AllowRoles('operator')
  pause(@Param('id') id: string, @SignedIn() operator: SignedInOperator): Promise<{ id: string; state: string }> {
    return this.change.setState(id, 'paused', operator.username);
  }

  @Post('subscriptions/:id/resume')
  @HttpCode(200)
  @AllowRoles('operator')
  resume(@Param('id') id: string, @SignedIn() operator: SignedInOperator): Promise<{ id: string; state: string }> {
    return this.change.setState(id, 'active', operator.username);
  }

  @Post('subscriptions/:id/replays')
  @HttpCode(202)
  @AllowRoles('operator')
  replay(@Param('id') id: string, @Body() body: unknown, @SignedIn() operator: SignedInOperator): Promise<{ replayId: string }> {
    return this.change.replay(id, body, operator.username);
  }

  @Get('subscriptions/:id/replays/:replayId')
  replayProgress(@Param('id') id: string, @Param('replayId') replayId: string): Promise<{ state: string; total: number; done: number }> {
    return this.change.replayProgress(id, replayId);
  }
}
