import { Module } from '@nestjs/common';
import { EventsModule } from './events.module.js';
import { GetEventController } from './get-event/get-event.controller.js';
import { PublishEventsController } from './publish-events/publish-events.controller.js';
import { AdminRecordConflictsController, RecordConflictsController } from './record-conflicts/record-conflicts.controller.js';

/** `POST /v1/events`, `GET /v1/events/{id}`, the conflict queue (`/v1/record-conflicts`, `/v1/admin/record-conflicts`); `api` role. */
@Module({
  imports: [EventsModule],
  controllers: [PublishEventsController, GetEventController, RecordConflictsController, AdminRecordConflictsController],
})
export class EventsApiModule {}
