import { Controller, Get, Headers, Param, Req } from '@nestjs/common';
import { ValidationFailedError, isUuid } from '@hub/contracts';
import type { Request } from 'express';
import { EventReaderAuthenticator } from './event-reader.js';
import { GetEventHandler, type EventStatus } from './get-event.handler.js';

/**
 * `GET /v1/events/{id}`: one stored event and whether it has reached Kafka. Needs credentials (the
 * agency's client certificate or API key, or the admin token); an agency reads only events it
 * published or that were routed to one of its subscriptions, and any other id answers 404 as an
 * unknown one does, so the answer tells nothing of other agencies' events.
 */
@Controller('v1/events')
export class GetEventController {
  constructor(
    private readonly handler: GetEventHandler,
    private readonly readers: EventReaderAuthenticator,
  ) {}

  @Get(':id')
  async get(
    @Param('id') id: string,
    @Req() request: Request,
    @Headers('authorization') authorization: string | undefined,
  ): Promise<EventStatus> {
    const reader = this.readers.authenticate(request.socket, authorization);
    if (!isUuid(id)) throw new ValidationFailedError([{ path: 'id', rule: 'isUuid', message: 'id must be a UUID' }]);
    return this.handler.execute(id, reader);
  }
}
