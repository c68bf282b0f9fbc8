/**
 * The hub's shared kernel: what every feature may use and none owns. It imports no feature
 * (checked by dependency-cruiser), so it can sit under all of them.
 */
export { AdminAuthModule } from './admin-auth.module.js';
export { AdminActor, AdminToken, AdminTokenGuard } from './admin-token.guard.js';
export { AdminConflictError, AdminInputInvalidError, AdminNotFoundError, UnauthenticatedError } from './admin.errors.js';
export { dataFingerprint, LiveSnapshot, type LiveSnapshotOptions } from './live-snapshot.js';
export { lockRoutingForChange } from './routing-lock.js';
export { inputIssues, validateInput } from './validate-input.js';
export { AbsentBodyIsEmpty, EmptyBody, HubValidationPipe } from './validation.pipe.js';
export { applyKeepAlive, LimitedExpressAdapter, serverOptions } from './server-limits.js';
