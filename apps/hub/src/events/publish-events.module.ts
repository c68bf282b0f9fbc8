import { Module } from '@nestjs/common';
import { AgencyAuthModule } from '../agencies/index.js';
import { PolicyModule } from '../policy/index.js';
import { RoutingModule } from '../routing/index.js';
import { EVENT_STORE } from './event-store.port.js';
import { EventStoreRepository } from './event-store.repository.js';
import { AgencyRateLimiter } from './publish-events/agency-rate-limiter.js';
import { PublishAdmission } from './publish-events/publish-admission.js';
import { PublishEventsHandler } from './publish-events/publish-events.handler.js';
import { PublishMetrics } from './publish-events/publish-metrics.js';
import { RefusalAudit } from './publish-events/refusal-audit.js';
import { SignatureVerification } from './publish-events/signature-verification.js';

/**
 * The publish path without HTTP or admin: the handler, the event store (routing at commit), the
 * publish rate and the audit of refusals. The `api` role reaches it through EventsModule; the
 * `ingest` role uses it alone, so it needs no ADMIN_TOKEN.
 */
@Module({
  imports: [AgencyAuthModule, PolicyModule, RoutingModule],
  providers: [
    PublishEventsHandler,
    PublishAdmission,
    AgencyRateLimiter,
    RefusalAudit,
    PublishMetrics,
    SignatureVerification,
    { provide: EVENT_STORE, useClass: EventStoreRepository },
  ],
  exports: [AgencyAuthModule, PublishEventsHandler, PublishAdmission, AgencyRateLimiter, RefusalAudit, PublishMetrics, EVENT_STORE],
})
export class PublishEventsModule {}
