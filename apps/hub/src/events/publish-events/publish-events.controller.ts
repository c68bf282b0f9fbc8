import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ValidationFailedError } from '@hub/contracts';
import { childTraceparent, newCorrelationId, newTraceparent } from '@hub/observability';
import type { Response } from 'express';
import { PublishEventsHandler } from './publish-events.handler.js';
import type { PublishEventsResult } from './publish-events.command.js';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * `POST /v1/events`: one event (a CloudEvents JSON object) or a batch (`{ "events": [...] }`).
 * Answers 202 once every event is committed with its outbox record.
 */
@Controller('v1/events')
export class PublishEventsController {
  constructor(private readonly handler: PublishEventsHandler) {}

  @Post()
  @HttpCode(202)
  async publish(
    @Body() body: unknown,
    @Headers('x-correlation-id') correlationHeader: string | undefined,
    @Headers('traceparent') traceHeader: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PublishEventsResult> {
    if (correlationHeader !== undefined && !CORRELATION_ID.test(correlationHeader)) {
      throw new ValidationFailedError([
        { path: 'header:x-correlation-id', rule: 'matches', message: 'x-correlation-id must be 1–128 letters, digits or . _ : -' },
      ]);
    }
    const correlationId = correlationHeader ?? newCorrelationId();
    response.setHeader('x-correlation-id', correlationId);
    const batch = isBatch(body);
    return this.handler.execute({
      events: batch ? body.events : [body],
      batch,
      correlationId,
      traceparent: traceHeader && TRACEPARENT.test(traceHeader) ? childTraceparent(traceHeader) : newTraceparent(),
    });
  }
}

function isBatch(body: unknown): body is { events: unknown[] } {
  return typeof body === 'object' && body !== null && 'events' in body && Array.isArray(body.events);
}
