export { EventsApiModule } from './events-api.module.js';
export { EventsModule } from './events.module.js';
export { AgencyRateLimiter } from './publish-events/agency-rate-limiter.js';
export { RefusalAudit } from './publish-events/refusal-audit.js';
