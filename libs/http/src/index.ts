export { errorResponse, type ErrorResponse } from './error-response.js';
export { httpStatusOf, HubExceptionFilter } from './hub-exception.filter.js';
export {
  DEFAULT_MAX_JSON_DEPTH,
  firstOffsetDeeperThan,
  JSON_MEDIA_TYPES,
  jsonBody,
  parseSize,
  readJsonBytes,
  type BodyRefusal,
  type JsonBodyOptions,
} from './json-body.js';
export { memberNameIssue, parseStrictJson, type StrictJsonProblem } from './strict-json.js';
export { openApiDocument, type OpenApiInfo } from './openapi/openapi-document.js';
export { serveOpenApi } from './openapi/serve-openapi.js';
