import { Module } from '@nestjs/common';
import { AdminAuthModule } from '../kernel/index.js';
import { EventReaderAuthenticator } from './get-event/event-reader.js';
import { GetEventHandler } from './get-event/get-event.handler.js';
import { PublishEventsModule } from './publish-events.module.js';
import { RecordConflictsModule } from './record-conflicts/record-conflicts.module.js';

/**
 * Event ingest and lookup: the publish path (PublishEventsModule: the event store with routing at
 * commit and record versions, the publish rate, the audit of refusals), reading an event back by
 * its agency or an operator, and the conflict queue.
 */
@Module({
  imports: [PublishEventsModule, AdminAuthModule, RecordConflictsModule],
  providers: [GetEventHandler, EventReaderAuthenticator],
  exports: [PublishEventsModule, AdminAuthModule, GetEventHandler, EventReaderAuthenticator, RecordConflictsModule],
})
export class EventsModule {}
