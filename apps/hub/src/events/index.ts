export { EventsApiModule } from './events-api.module.js';
export { EventsModule } from './events.module.js';
export { PublishEventsModule } from './publish-events.module.js';
export { AgencyRateLimiter } from './publish-events/agency-rate-limiter.js';
export { RefusalAudit } from './publish-events/refusal-audit.js';
export { PublishEventsHandler } from './publish-events/publish-events.handler.js';
export {
  CORRELATION_ID,
  TRACEPARENT,
  type PublishEventsCommand,
  type PublishEventsResult,
} from './publish-events/publish-events.command.js';
export { bodyRefusalError } from './publish-events/refusal-audit.js';
export { RecordConflictsModule } from './record-conflicts/record-conflicts.module.js';
export { RecordConflictsRepository, type ConflictFilter } from './record-conflicts/record-conflicts.repository.js';
export { ResolveConflictHandler } from './record-conflicts/resolve-conflict.handler.js';
export { ConflictOutcomesRepository, type DueOutcome, type HeldOrigin } from './record-conflicts/conflict-outcomes.repository.js';
export { heldReason, outcomeConflict, type ConflictOutcomeFacts } from './record-conflicts/conflict-outcome.js';
export { RESOLUTIONS, type RecordConflict, type Resolution } from './record-conflicts/record-conflict.js';
