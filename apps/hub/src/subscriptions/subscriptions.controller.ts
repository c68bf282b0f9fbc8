import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { isTraceparent, startHop } from '@hub/observability';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse } from '@nestjs/swagger';
import { AdminInputInvalidError, AdminTokenGuard } from '../kernel/index.js';
import { AgencyGuard, CallingAgency, type Agency } from '../agencies/index.js';
import { KafkaReceipts, type KafkaAcknowledgement, type UnacknowledgedDelivery } from './kafka-receipts.js';
import type { Subscription } from './subscription.js';
import { SUBSCRIPTION_REF } from './subscription.schema.js';
import { CreateSubscriptionDto, RotateWebhookSecretDto } from './subscriptions.dto.js';
import { SubscriptionsHandler } from './subscriptions.handler.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';
import { WebhookSecrets, type SetWebhookSecret } from './webhook-secrets/webhook-secrets.js';

/**
 * An agency's own subscriptions, authenticated like publishing (client certificate or API key):
 * `POST /v1/subscriptions`, `GET /v1/subscriptions[/{id}]`, `POST …/{id}/pause|resume`,
 * `POST …/{id}/webhook-secret`, `DELETE …/{id}`. Another agency's subscription answers 404.
 */
@Controller('v1/subscriptions')
@UseGuards(AgencyGuard)
export class SubscriptionsController {
  constructor(
    private readonly handler: SubscriptionsHandler,
    private readonly receipts: KafkaReceipts,
    private readonly secrets: WebhookSecrets,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'The subscription; a webhook secret the hub made is in this answer only', schema: SUBSCRIPTION_REF })
  create(@CallingAgency() agency: Agency, @Body() body: CreateSubscriptionDto): Promise<Subscription> {
    return this.handler.create(agency, body);
  }

  @Get()
  @ApiOkResponse({
    schema: { type: 'object', required: ['subscriptions'], properties: { subscriptions: { type: 'array', items: SUBSCRIPTION_REF } } },
  })
  async list(@CallingAgency() agency: Agency): Promise<{ subscriptions: Subscription[] }> {
    return { subscriptions: await this.handler.list(agency) };
  }

  @Get(':id')
  @ApiOkResponse({ schema: SUBSCRIPTION_REF })
  get(@CallingAgency() agency: Agency, @Param('id') id: string): Promise<Subscription> {
    return this.handler.get(agency, id);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOkResponse({ schema: SUBSCRIPTION_REF })
  pause(@CallingAgency() agency: Agency, @Param('id') id: string): Promise<Subscription> {
    return this.handler.setStatus(agency, id, 'paused');
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOkResponse({ schema: SUBSCRIPTION_REF })
  resume(@CallingAgency() agency: Agency, @Param('id') id: string): Promise<Subscription> {
    return this.handler.setStatus(agency, id, 'active');
  }

  /**
   * A new Standard Webhooks secret: `{ "secret": "whsec_…" }`, or `{}` for one the hub makes (in the
   * answer only). The previous secret signs beside it until `previousValidUntil`.
   */
  @Post(':id/webhook-secret')
  @HttpCode(200)
  async rotateWebhookSecret(
    @CallingAgency() agency: Agency,
    @Param('id') id: string,
    @Body() { secret }: RotateWebhookSecretDto,
  ): Promise<SetWebhookSecret> {
    return this.secrets.rotate(agency, await this.handler.get(agency, id), secret);
  }

  /** A signed receipt for a message read from the agency's inbound topic (see KafkaReceipts). */
  @Post(':id/receipts')
  @HttpCode(200)
  @ApiHeader({
    name: 'traceparent',
    required: false,
    description: "The delivered record's traceparent: the receipt joins the event's trace",
  })
  async receipt(
    @CallingAgency() agency: Agency,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('traceparent') traceparent?: string,
  ): Promise<KafkaAcknowledgement> {
    const hop = startHop('receipt', isTraceparent(traceparent) ? traceparent : undefined, 'server', {
      'hub.agency': agency.id,
      'hub.subscription_id': id,
    });
    try {
      const receipt = await this.receipts.acknowledge(agency, await this.handler.get(agency, id), body);
      hop.end();
      return receipt;
    } catch (error) {
      hop.end(error);
      throw error;
    }
  }

  /** Kafka deliveries without a receipt, oldest first: `?after=<sequence>&limit=<1–1000>`. */
  @Get(':id/unacknowledged')
  async unacknowledged(
    @CallingAgency() agency: Agency,
    @Param('id') id: string,
    @Query('after') after?: string,
    @Query('limit') limit?: string,
  ): Promise<{ items: UnacknowledgedDelivery[]; nextAfter: number | null }> {
    const subscription = await this.handler.get(agency, id);
    const from = after === undefined ? 0 : Number(after);
    const size = limit === undefined ? 100 : Number(limit);
    if (!Number.isSafeInteger(from) || from < 0)
      throw new AdminInputInvalidError([{ path: 'after', rule: 'isInt', message: 'after must be a sequence number' }]);
    if (!Number.isInteger(size) || size < 1 || size > 1000) {
      throw new AdminInputInvalidError([{ path: 'limit', rule: 'isInt', message: 'limit must be a whole number from 1 to 1000' }]);
    }
    return this.receipts.unacknowledged(subscription, from, size);
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOkResponse({ schema: SUBSCRIPTION_REF })
  remove(@CallingAgency() agency: Agency, @Param('id') id: string): Promise<Subscription> {
    return this.handler.setStatus(agency, id, 'deleted');
  }
}

/** `GET /v1/admin/subscriptions[?agency=…]`: every agency's subscriptions, for operators. */
@Controller('v1/admin/subscriptions')
@UseGuards(AdminTokenGuard)
export class AdminSubscriptionsController {
  constructor(private readonly repository: SubscriptionsRepository) {}

  @Get()
  @ApiOkResponse({
    schema: { type: 'object', required: ['subscriptions'], properties: { subscriptions: { type: 'array', items: SUBSCRIPTION_REF } } },
  })
  async list(@Query('agency') agency?: string): Promise<{ subscriptions: Subscription[] }> {
    return { subscriptions: await this.repository.list(agency) };
  }
}
