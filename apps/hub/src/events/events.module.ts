import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { EVENT_STORE } from './event-store.port.js';
import { EventStoreRepository } from './event-store.repository.js';
import { GetEventController } from './get-event/get-event.controller.js';
import { EventReaderAuthenticator } from './get-event/event-reader.js';
import { GetEventHandler } from './get-event/get-event.handler.js';
import { PublishEventsController } from './publish-events/publish-events.controller.js';
import { AgencyRateLimiter } from './publish-events/agency-rate-limiter.js';
import { PublishEventsHandler } from './publish-events/publish-events.handler.js';
import { RefusalAudit } from './publish-events/refusal-audit.js';

/** Event ingest and lookup. */
@Module({
  imports: [AgenciesModule, PolicyModule],
  controllers: [PublishEventsController, GetEventController],
  providers: [
    PublishEventsHandler,
    AgencyRateLimiter,
    RefusalAudit,
    GetEventHandler,
    EventReaderAuthenticator,
    { provide: EVENT_STORE, useClass: EventStoreRepository },
  ],
})
export class EventsModule {}
