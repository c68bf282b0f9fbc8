export { errorResponse, type ErrorResponse } from './error-response.js';
export { HubExceptionFilter } from './hub-exception.filter.js';
export { jsonBody } from './json-body.js';
