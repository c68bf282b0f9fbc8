import { Controller, Get, Param } from '@nestjs/common';
import { ValidationFailedError } from '@hub/contracts';
import { GetEventHandler, type EventStatus } from './get-event.handler.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `GET /v1/events/{id}`: one stored event and whether it has reached Kafka. */
@Controller('v1/events')
export class GetEventController {
  constructor(private readonly handler: GetEventHandler) {}

  @Get(':id')
  async get(@Param('id') id: string): Promise<EventStatus> {
    if (!UUID.test(id)) throw new ValidationFailedError([{ path: 'id', rule: 'isUuid', message: 'id must be a UUID' }]);
    return this.handler.execute(id);
  }
}
