export { LinkageApiAccessModule } from './linkage-api-access.module.js';
export { LINKAGE_API_ACCESS_OPTIONS, type LinkageApiAccessOptions } from './linkage-api-access.options.js';
export { LinkageApiGuard } from './linkage-api.guard.js';
export { LinkageApi, Caller, Purpose } from './linkage-call.decorators.js';
export { markRecorded, setResultCount } from './linkage-call.js';
export { ACCESS_LOG_COLUMNS, accessLogValues, ApiAccessLog, type ApiAccess } from './api-access-log.js';
export { LinkageProblemFilter, type LinkageProblem } from './linkage-problem.filter.js';
export { LinkageApiKeyRing } from './linkage-api-key-ring.js';
export {
  ALL_AGENCIES,
  agencyKindOf,
  isSupervisor,
  parseLinkageApiKeys,
  type LinkageApiKey,
  type LinkageCaller,
} from './linkage-api-keys.js';
export {
  conflict,
  forbidden,
  invalidRequest,
  LinkageApiError,
  notFound,
  unauthenticated,
  type LinkageIssue,
} from './linkage-api.errors.js';
