export { createHubLogger, LOG_LEVELS } from './hub-logger.js';
export { newCorrelationId, newTraceparent, childTraceparent } from './trace-context.js';
