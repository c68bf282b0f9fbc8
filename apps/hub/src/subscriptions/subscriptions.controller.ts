import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { AdminTokenGuard } from '../agencies/admin-token.guard.js';
import type { Agency } from '../agencies/agency.js';
import { validateBody } from '../agencies/validate-body.js';
import { AgencyAuthenticator } from '../tls/agency-authenticator.js';
import type { Subscription } from './subscription.js';
import { CreateSubscriptionDto } from './subscriptions.dto.js';
import { SubscriptionsHandler } from './subscriptions.handler.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';

/**
 * An agency's own subscriptions, authenticated like publishing (client certificate or API key):
 * `POST /v1/subscriptions`, `GET /v1/subscriptions[/{id}]`, `POST …/{id}/pause|resume`,
 * `DELETE …/{id}`. Another agency's subscription answers 404.
 */
@Controller('v1/subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly handler: SubscriptionsHandler,
    private readonly authenticator: AgencyAuthenticator,
  ) {}

  @Post()
  @HttpCode(201)
  create(
    @Req() request: Request,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
  ): Promise<Subscription> {
    const agency = this.agency(request, authorization);
    return this.handler.create(agency, validateBody(CreateSubscriptionDto, body));
  }

  @Get()
  async list(
    @Req() request: Request,
    @Headers('authorization') authorization: string | undefined,
  ): Promise<{ subscriptions: Subscription[] }> {
    return { subscriptions: await this.handler.list(this.agency(request, authorization)) };
  }

  @Get(':id')
  get(
    @Req() request: Request,
    @Headers('authorization') authorization: string | undefined,
    @Param('id') id: string,
  ): Promise<Subscription> {
    return this.handler.get(this.agency(request, authorization), id);
  }

  @Post(':id/pause')
  @HttpCode(200)
  pause(
    @Req() request: Request,
    @Headers('authorization') authorization: string | undefined,
    @Param('id') id: string,
  ): Promise<Subscription> {
    return this.handler.setStatus(this.agency(request, authorization), id, 'paused');
  }

  @Post(':id/resume')
  @HttpCode(200)
  resume(
    @Req() request: Request,
    @Headers('authorization') authorization: string | undefined,
    @Param('id') id: string,
  ): Promise<Subscription> {
    return this.handler.setStatus(this.agency(request, authorization), id, 'active');
  }

  @Delete(':id')
  @HttpCode(200)
  remove(
    @Req() request: Request,
    @Headers('authorization') authorization: string | undefined,
    @Param('id') id: string,
  ): Promise<Subscription> {
    return this.handler.setStatus(this.agency(request, authorization), id, 'deleted');
  }

  private agency(request: Request, authorization: string | undefined): Agency {
    return this.authenticator.authenticate(request.socket, authorization);
  }
}

/** `GET /v1/admin/subscriptions[?agency=…]`: every agency's subscriptions, for operators. */
@Controller('v1/admin/subscriptions')
@UseGuards(AdminTokenGuard)
export class AdminSubscriptionsController {
  constructor(private readonly repository: SubscriptionsRepository) {}

  @Get()
  async list(@Query('agency') agency?: string): Promise<{ subscriptions: Subscription[] }> {
    return { subscriptions: await this.repository.list(agency) };
  }
}
