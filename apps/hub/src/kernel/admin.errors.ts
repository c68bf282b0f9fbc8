import { HubError, ValidationFailedError, type ValidationIssue } from '@hub/contracts';

/**
 * No valid credentials. One message whatever the reason (missing, unknown, revoked or expired
 * key; suspended agency), so a caller cannot probe which keys exist.
 */
export class UnauthenticatedError extends HubError {
  constructor(message = UNAUTHENTICATED_MESSAGE) {
    super('UNAUTHENTICATED', message, { retriable: false });
  }
}

const UNAUTHENTICATED_MESSAGE =
  'The request carries no valid API key. Send an active API key of your agency as "Authorization: Bearer <key>"; ask the hub operators for a new key if yours no longer works.';

/** A request body or parameter of the admin API that breaks its rules; answered 400 with every issue. */
export class AdminInputInvalidError extends ValidationFailedError {
  constructor(issues: readonly ValidationIssue[]) {
    super(issues);
    this.message = `The request is invalid: ${issues.map((i) => `${i.path} (${i.rule})`).join(', ')}. Fix these fields and send it again.`;
  }
}

/** The record named in the path does not exist. */
export class AdminNotFoundError extends HubError {
  constructor(what: string, hint: string) {
    super('NOT_FOUND', `${what} is not registered with the hub. ${hint}`, { retriable: false });
  }
}

/** The record exists already, or the change does not fit its current state. */
export class AdminConflictError extends HubError {
  constructor(message: string) {
    super('CONFLICT', message, { retriable: false });
  }
}
