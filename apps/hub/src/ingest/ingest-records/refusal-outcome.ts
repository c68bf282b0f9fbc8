import type { PublishOutcomeError } from '@hub/agency-kit';
import { HubError, ValidationFailedError, type ValidationIssue } from '@hub/contracts';
import { errorResponse, httpStatusOf } from '@hub/http';

/**
 * What a refused record's outcome says: the code, HTTP status, English and Chinese message and
 * issues (each with `messageZh`) that `POST /v1/events` answers for the same event, and the held
 * version of a stale record (`currentVersion`) when the error carries one.
 */
export function refusalOutcome(error: unknown, status?: number): PublishOutcomeError {
  if (!(error instanceof HubError)) {
    const { code, message, messageZh } = errorResponse(
      'INTERNAL',
      'The hub failed unexpectedly on this record; nothing of it was stored. Publish it again, and report it if it persists.',
    ).error;
    return { code, status: 500, message, messageZh };
  }
  const issues = issuesOf(error);
  const answer = errorResponse(error.code, error.message, issues).error;
  const currentVersion = (error as HubError & { currentVersion?: unknown }).currentVersion;
  return {
    code: answer.code,
    status: status ?? httpStatusOf(error),
    message: answer.message,
    messageZh: answer.messageZh,
    ...(issues ? { issues } : {}),
    ...(typeof currentVersion === 'number' ? { currentVersion } : {}),
  };
}

/** The error's per-field issues, each with its Chinese message (filled in as validation does). */
function issuesOf(error: HubError): ValidationIssue[] | undefined {
  if (error instanceof ValidationFailedError) return [...error.issues];
  const issues = (error as HubError & { issues?: unknown }).issues;
  return Array.isArray(issues) && issues.length > 0 ? [...new ValidationFailedError(issues as ValidationIssue[]).issues] : undefined;
}
