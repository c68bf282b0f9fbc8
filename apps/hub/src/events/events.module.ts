import { Module } from '@nestjs/common';
import { AgencyAuthModule } from '../agencies/index.js';
import { AdminAuthModule } from '../kernel/index.js';
import { PolicyModule } from '../policy/index.js';
import { RoutingModule } from '../routing/index.js';
import { EVENT_STORE } from './event-store.port.js';
import { EventStoreRepository } from './event-store.repository.js';
import { EventReaderAuthenticator } from './get-event/event-reader.js';
import { GetEventHandler } from './get-event/get-event.handler.js';
import { AgencyRateLimiter } from './publish-events/agency-rate-limiter.js';
import { PublishEventsHandler } from './publish-events/publish-events.handler.js';
import { RecordConflictsRepository } from './record-conflicts/record-conflicts.repository.js';
import { ResolveConflictHandler } from './record-conflicts/resolve-conflict.handler.js';
import { RefusalAudit } from './publish-events/refusal-audit.js';
import { SignatureVerification } from './publish-events/signature-verification.js';

/**
 * Event ingest and lookup: the handlers, the event store (routing at commit, record versions), the
 * conflict queue, the publish rate and the audit of refusals.
 */
@Module({
  imports: [AgencyAuthModule, AdminAuthModule, PolicyModule, RoutingModule],
  providers: [
    PublishEventsHandler,
    AgencyRateLimiter,
    RefusalAudit,
    SignatureVerification,
    GetEventHandler,
    EventReaderAuthenticator,
    RecordConflictsRepository,
    ResolveConflictHandler,
    { provide: EVENT_STORE, useClass: EventStoreRepository },
  ],
  exports: [
    AgencyAuthModule,
    AdminAuthModule,
    PublishEventsHandler,
    AgencyRateLimiter,
    RefusalAudit,
    GetEventHandler,
    EventReaderAuthenticator,
    RecordConflictsRepository,
    ResolveConflictHandler,
  ],
})
export class EventsModule {}
