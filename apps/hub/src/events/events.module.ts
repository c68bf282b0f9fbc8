import { Module } from '@nestjs/common';
import { AdminAuthModule } from '../kernel/index.js';
import { EventReaderAuthenticator } from './get-event/event-reader.js';
import { GetEventHandler } from './get-event/get-event.handler.js';
import { PublishEventsModule } from './publish-events.module.js';

/** Event ingest and lookup: the publish path (PublishEventsModule) and reading an event back, by its agency or an operator. */
@Module({
  imports: [PublishEventsModule, AdminAuthModule],
  providers: [GetEventHandler, EventReaderAuthenticator],
  exports: [PublishEventsModule, AdminAuthModule, GetEventHandler, EventReaderAuthenticator],
})
export class EventsModule {}
