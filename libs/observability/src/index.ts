export { createHubLogger } from './hub-logger.js';
export { newCorrelationId, newTraceparent, childTraceparent } from './trace-context.js';
