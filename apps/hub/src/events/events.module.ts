import { Module } from '@nestjs/common';
import { EVENT_STORE } from './event-store.port.js';
import { EventStoreRepository } from './event-store.repository.js';
import { GetEventController } from './get-event/get-event.controller.js';
import { GetEventHandler } from './get-event/get-event.handler.js';
import { PublishEventsController } from './publish-events/publish-events.controller.js';
import { PublishEventsHandler } from './publish-events/publish-events.handler.js';

/** Event ingest and lookup. */
@Module({
  controllers: [PublishEventsController, GetEventController],
  providers: [PublishEventsHandler, GetEventHandler, { provide: EVENT_STORE, useClass: EventStoreRepository }],
})
export class EventsModule {}
