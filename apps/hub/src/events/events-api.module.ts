import { Module } from '@nestjs/common';
import { EventsModule } from './events.module.js';
import { GetEventController } from './get-event/get-event.controller.js';
import { PublishEventsController } from './publish-events/publish-events.controller.js';

/** `POST /v1/events` and `GET /v1/events/{id}` (`api` role). */
@Module({ imports: [EventsModule], controllers: [PublishEventsController, GetEventController] })
export class EventsApiModule {}
