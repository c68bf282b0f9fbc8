export { errorResponse, type ErrorResponse } from './error-response.js';
export { HubExceptionFilter } from './hub-exception.filter.js';
export { DEFAULT_MAX_JSON_DEPTH, firstOffsetDeeperThan, jsonBody, type BodyRefusal, type JsonBodyOptions } from './json-body.js';
