import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiHeader } from '@nestjs/swagger';
import { ValidationFailedError } from '@hub/contracts';
import { newCorrelationId, startHop } from '@hub/observability';
import type { Request, Response } from 'express';
import { type Agency, AgencyAuthenticator } from '../../agencies/index.js';
import { PUBLISH_MEDIA_TYPES, readPublishBody, type PublishBody } from './publish-body.js';
import { PublishAdmission } from './publish-admission.js';
import { PublishEventsHandler, typeOf } from './publish-events.handler.js';
import { PublishMetrics } from './publish-metrics.js';
import { RefusalAudit } from './refusal-audit.js';
import { CORRELATION_ID, TRACEPARENT, type PublishEventsResult } from './publish-events.command.js';

const EVENT = {
  type: 'object',
  description:
    'A CloudEvents 1.0 event; its data follows the JSON Schema of its type and contractversion (GET /v1/contracts, contracts/schemas)',
  required: ['specversion', 'id', 'source', 'type', 'data'],
  additionalProperties: true,
};

const PUBLISH_BODY_SCHEMA = {
  oneOf: [
    EVENT,
    { type: 'object', required: ['events'], properties: { events: { type: 'array', minItems: 1, items: EVENT } } },
    { type: 'array', minItems: 1, items: EVENT, description: 'application/cloudevents-batch+json' },
  ],
};

const PUBLISH_RESULT_SCHEMA = {
  type: 'object',
  required: ['events'],
  properties: {
    events: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'status', 'correlationId'],
        properties: {
          id: { type: 'string' },
          status: { type: 'string', enum: ['accepted', 'duplicate', 'held'] },
          correlationId: { type: 'string' },
          conflictId: { type: 'string', description: 'On held: the record conflict an operator resolves' },
        },
      },
    },
  },
};

/**
 * `POST /v1/events`: one event (a CloudEvents JSON object) or a batch (`{ "events": [...] }`), as
 * `application/json`; or in the CloudEvents HTTP binding, one event as
 * `application/cloudevents+json` or a JSON array as `application/cloudevents-batch+json`. From an agency authenticated by its TLS client certificate (HTTPS listener) or its API key
 * (`Authorization: Bearer <key>`), see AgencyAuthenticator. Answers 202 once
 * every event is committed with its outbox record.
 */
@Controller('v1/events')
export class PublishEventsController {
  constructor(
    private readonly handler: PublishEventsHandler,
    private readonly authenticator: AgencyAuthenticator,
    private readonly refusals: RefusalAudit,
    private readonly admission: PublishAdmission,
    private readonly metrics: PublishMetrics,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiConsumes(...Object.values(PUBLISH_MEDIA_TYPES))
  @ApiBody({ schema: PUBLISH_BODY_SCHEMA })
  @ApiHeader({
    name: 'x-correlation-id',
    required: false,
    description: '1–128 letters, digits or . _ : - ; the hub makes one when left out and answers it',
  })
  @ApiHeader({ name: 'traceparent', required: false, description: 'W3C trace context; the events continue this trace' })
  @ApiAcceptedResponse({ description: 'Every event is committed with its outbox record', schema: PUBLISH_RESULT_SCHEMA })
  async publish(
    @Body() body: unknown,
    @Headers('authorization') authorization: string | undefined,
    @Headers('x-correlation-id') correlationHeader: string | undefined,
    @Headers('traceparent') traceHeader: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PublishEventsResult> {
    const agency = await this.authenticate(request, authorization);
    const { events, batch } = await this.readBody(agency, request, body);
    if (correlationHeader !== undefined && !CORRELATION_ID.test(correlationHeader)) {
      const error = new ValidationFailedError([
        { path: 'header:x-correlation-id', rule: 'matches', message: 'x-correlation-id must be 1–128 letters, digits or . _ : -' },
      ]);
      await this.refusals.record(`agency:${agency.id}`, error, []);
      throw error;
    }
    const correlationId = correlationHeader ?? newCorrelationId();
    response.setHeader('x-correlation-id', correlationId);
    // The request's span: a child of the caller's traceparent, or the root of a new trace.
    const hop = startHop('POST /v1/events', traceHeader && TRACEPARENT.test(traceHeader) ? traceHeader : undefined, 'server', {
      'hub.agency': agency.id,
      'hub.correlation_id': correlationId,
    });
    let release: (() => void) | undefined;
    try {
      release = this.enter(agency, events);
      const result = await this.handler.execute({ agency, events, batch, correlationId, traceparent: hop.traceparent });
      hop.end();
      return result;
    } catch (error) {
      hop.end(error);
      throw error;
    } finally {
      release?.();
    }
  }

  /** Takes the request's events into hand; past MAX_EVENTS_IN_FLIGHT, 503 HUB_BUSY (counted, not audited: nothing of it was looked at). */
  private enter(agency: Agency, events: readonly unknown[]): () => void {
    try {
      return this.admission.enter(events.length);
    } catch (error) {
      this.metrics.countRefused(agency.id, error, events.map(typeOf));
      throw error;
    }
  }

  /** The events of the body by its media type; a refusal is recorded in the audit trail and answered 400. */
  private async readBody(agency: Agency, request: Request, body: unknown): Promise<PublishBody> {
    try {
      return readPublishBody(request.is(Object.values(PUBLISH_MEDIA_TYPES)), body);
    } catch (error) {
      await this.refusals.record(`agency:${agency.id}`, error, []);
      throw error;
    }
  }

  /** The agency of the client certificate or API key; a refusal is recorded in the audit trail (at most once a second) and answered 401. */
  private async authenticate(request: Request, authorization: string | undefined): Promise<Agency> {
    try {
      return this.authenticator.authenticate(request.socket, authorization);
    } catch (error) {
      await this.refusals.record('system:api', error, []);
      throw error;
    }
  }
}
