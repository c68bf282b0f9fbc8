import { isUuid } from '@hub/contracts';
import { Body, Controller, Get, Headers, HttpCode, NotFoundException, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { createPublicKey } from 'node:crypto';
import {
  standardWebhookPublicKey,
  WebhookDeliveries,
  type AcknowledgeResult,
  type DeadLetterFilter,
  type DeadLetterSelection,
  type DeliveryDetails,
  type DeliveryRecord,
  type Page,
} from '@hub/delivery';
import type { Request } from 'express';
import { AdminActor, AdminInputInvalidError, AdminNotFoundError, AdminTokenGuard } from '../kernel/index.js';
import { HubConfig } from '../config/hub-config.js';
import { AgencyAuthenticator } from '../agencies/index.js';
import { webhookSigningKey } from './webhook-deliveries.provider.js';

const FILTER_KEYS = ['subscriptionId', 'agencyId', 'eventType', 'reason', 'from', 'to'] as const;

/**
 * What subscribers need of webhook deliveries: the hub's public key to verify `Hub-Signature` and
 * the Standard Webhooks `v1a` signature (`GET /v1/webhooks/signing-key`), and the acknowledgement of a delivery with a signed receipt
 * (`POST /v1/deliveries/{id}/ack`) when the webhook answer did not carry one.
 */
@Controller('v1')
export class DeliveriesController {
  constructor(
    private readonly deliveries: WebhookDeliveries,
    private readonly authenticator: AgencyAuthenticator,
    private readonly config: HubConfig,
  ) {}

  @Get('webhooks/signing-key')
  signingKey(): { keyId: string; alg: 'ed25519'; publicKey: string; standardWebhooksPublicKey: string } {
    const key = webhookSigningKey(this.config);
    if (!key) throw new NotFoundException('This hub sends no webhooks (WEBHOOK_SIGNING_KEY is not set).');
    const publicKey = createPublicKey(key);
    return {
      keyId: this.config.WEBHOOK_SIGNING_KEY_ID,
      alg: 'ed25519',
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      standardWebhooksPublicKey: standardWebhookPublicKey(publicKey),
    };
  }

  @Post('deliveries/:id/ack')
  @HttpCode(200)
  async acknowledge(
    @Req() request: Request,
    @Headers('authorization') authorization: string | undefined,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<AcknowledgeResult> {
    const agency = this.authenticator.authenticate(request.socket, authorization);
    const details = isUuid(id) ? await this.deliveries.inspect(id) : undefined;
    if (!details || details.agencyId !== agency.id) throw deliveryNotFound(id);
    const receipt = typeof body === 'object' && body !== null && 'receipt' in body ? body.receipt : body;
    return this.deliveries.acknowledge(id, receipt);
  }
}

/**
 * Ops over webhook deliveries (admin token): dead letters and deliveries without a receipt, listed
 * newest first with filters and a cursor; one delivery with every attempt; redrive and discard of
 * one, a filter's worth or all, each audited under the operator's name.
 */
@Controller('v1/admin/deliveries')
@UseGuards(AdminTokenGuard)
export class AdminDeliveriesController {
  constructor(private readonly deliveries: WebhookDeliveries) {}

  @Get('dead-letters')
  deadLetters(@Query() query: Record<string, unknown>): Promise<Page<DeliveryRecord>> {
    return this.deliveries.listDeadLetters(filterOf(query), pageOf(query));
  }

  @Get('unacknowledged')
  unacknowledged(@Query() query: Record<string, unknown>): Promise<Page<DeliveryRecord>> {
    return this.deliveries.listUnacknowledged(filterOf(query), pageOf(query));
  }

  @Get(':id')
  async inspect(@Param('id') id: string): Promise<DeliveryDetails> {
    const details = isUuid(id) ? await this.deliveries.inspect(id) : undefined;
    if (!details) throw deliveryNotFound(id);
    return details;
  }

  /**
   * `{ "deliveryId" }`, `{ "filter": { … } }` or `{ "all": true }`; with a filter or all, `limit`
   * (1–1000) acts on at most that many. `remaining`: dead letters of the selection still there.
   */
  @Post('redrive')
  @HttpCode(200)
  redrive(@Body() body: unknown, @AdminActor() actor: string): Promise<{ redriven: number; remaining: number }> {
    return this.deliveries.redrive(selectionOf(body), actor);
  }

  /** The same selection, and `reason`: why the events will never be delivered. */
  @Post('discard')
  @HttpCode(200)
  discard(@Body() body: unknown, @AdminActor() actor: string): Promise<{ discarded: number; remaining: number }> {
    const reason = (body as { reason?: unknown } | undefined)?.reason;
    if (typeof reason !== 'string')
      throw new AdminInputInvalidError([{ path: 'reason', rule: 'isString', message: 'reason must say why the deliveries are discarded' }]);
    return this.deliveries.discard(selectionOf(body), reason, actor);
  }
}

function deliveryNotFound(id: string): AdminNotFoundError {
  return new AdminNotFoundError(`Delivery ${id}`, 'Check the Hub-Delivery-Id header of the webhook request.');
}

function filterOf(source: unknown, prefix = ''): DeadLetterFilter {
  if (source === undefined) return {};
  if (typeof source !== 'object' || source === null || Array.isArray(source)) {
    throw new AdminInputInvalidError([{ path: prefix || 'filter', rule: 'isObject', message: 'the filter must be an object' }]);
  }
  const filter: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'limit' || key === 'cursor') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (!(FILTER_KEYS as readonly string[]).includes(key)) {
      throw new AdminInputInvalidError([{ path, rule: 'unknownField', message: `${path} is not a filter; use ${FILTER_KEYS.join(', ')}` }]);
    }
    if (typeof value !== 'string' || value.length === 0 || value.length > 200) {
      throw new AdminInputInvalidError([{ path, rule: 'isString', message: `${path} must be a text of 1–200 characters` }]);
    }
    filter[key] = value;
  }
  return filter;
}

function pageOf(query: Record<string, unknown>): { limit?: number; cursor?: string } {
  const limit = limitOf(query['limit'] === undefined ? undefined : Number(query['limit']));
  const cursor = typeof query['cursor'] === 'string' ? query['cursor'] : undefined;
  return { ...(limit === undefined ? {} : { limit }), ...(cursor === undefined ? {} : { cursor }) };
}

/** A page size or bulk-action limit: absent, or a whole number from 1 to 1000. */
function limitOf(limit: unknown): number | undefined {
  if (limit === undefined) return undefined;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new AdminInputInvalidError([{ path: 'limit', rule: 'isInt', message: 'limit must be a whole number from 1 to 1000' }]);
  }
  return limit;
}

function selectionOf(body: unknown): DeadLetterSelection {
  const value = (body ?? {}) as Record<string, unknown>;
  const given = ['deliveryId', 'filter', 'all'].filter((key) => value[key] !== undefined);
  if (given.length !== 1) {
    throw new AdminInputInvalidError([{ path: '', rule: 'oneSelection', message: 'give exactly one of deliveryId, filter or all: true' }]);
  }
  if (typeof value['deliveryId'] === 'string') {
    if (value['limit'] !== undefined) {
      throw new AdminInputInvalidError([
        { path: 'limit', rule: 'bulkOnly', message: 'limit goes with filter or all, not with deliveryId' },
      ]);
    }
    return { deliveryId: value['deliveryId'] };
  }
  const limit = limitOf(value['limit']);
  const bounded = limit === undefined ? {} : { limit };
  if (value['all'] === true) return { all: true, ...bounded };
  if (value['filter'] !== undefined) return { filter: filterOf(value['filter'], 'filter'), ...bounded };
  throw new AdminInputInvalidError([{ path: given[0] ?? '', rule: 'isValid', message: 'deliveryId must be a text, all must be true' }]);
}
