import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HubError, ValidationFailedError, type ValidationIssue } from '@hub/contracts';
import type { Response } from 'express';
import { throwError, type Observable } from 'rxjs';
import { errorResponse } from './error-response.js';

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  NOT_FOUND: 404,
  EVENT_ID_CONFLICT: 409,
  STALE_RECORD_VERSION: 409,
  RECORD_CHANGE_REJECTED: 409,
  CONFLICT_ALREADY_RESOLVED: 409,
  CONFLICT: 409,
  PUBLISH_REFUSED: 403,
  SUBSCRIPTION_REFUSED: 403,
  DELIVERY_NOT_FOUND: 404,
  DELIVERY_NOT_DEAD_LETTER: 409,
  DELIVERY_DISCARDED: 409,
  DISCARD_REASON_INVALID: 400,
  DEAD_LETTER_REQUEST_INVALID: 400,
  RATE_LIMITED: 429,
};

/**
 * Maps every error to a JSON answer. Domain errors carry their code; retriable ones become 503 with
 * Retry-After; anything unexpected is a 500 that says nothing of the internals (the log has it).
 */
@Catch()
export class HubExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(error: unknown, host: ArgumentsHost): Observable<never> | undefined {
    // Only HTTP answers are shaped here; a Kafka handler's error must reach the consumer, which retries.
    if (host.getType() !== 'http') return throwError(() => error);
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof ValidationFailedError) {
      response.status(400).json(errorResponse(error.code, error.message, error.issues, error.totalIssues));
    } else if (error instanceof HubError) {
      const status = httpStatusOf(error);
      if (status === 503 || status === 429) response.setHeader('Retry-After', String(retryAfter(error)));
      // A hub shedding load (HUB_BUSY) is counted in hub_events_refused_total, not logged per request.
      if (status >= 500 && error.code !== 'HUB_BUSY')
        this.logger.error({ message: error.message, code: error.code, cause: String(error.cause) });
      response.status(status).json(errorResponse(error.code, error.message, issuesOf(error), undefined, currentVersionOf(error)));
    } else if (error instanceof HttpException) {
      const status = error.getStatus();
      response.status(status).json(errorResponse(status === 404 ? 'NOT_FOUND' : `HTTP_${status}`, error.message));
    } else {
      this.logger.error({ message: 'unexpected error', error: error instanceof Error ? error.stack : String(error) });
      response
        .status(500)
        .json(
          errorResponse(
            'INTERNAL',
            'The hub failed unexpectedly; nothing was stored. Send the request again, and report it if it persists.',
          ),
        );
    }
  }
}

/** The HTTP status the hub answers `error` with (also reported where the same refusal travels over Kafka). */
export function httpStatusOf(error: HubError): number {
  return STATUS_BY_CODE[error.code] ?? (error.retriable ? 503 : 422);
}

/** Seconds a client should wait: the error's own `retryAfterSeconds`, else 5. */
function retryAfter(error: HubError): number {
  const seconds = (error as HubError & { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? Math.ceil(seconds) : 5;
}

/** The record version the hub holds, on a stale-version refusal. */
function currentVersionOf(error: HubError): number | undefined {
  const version = (error as HubError & { currentVersion?: unknown }).currentVersion;
  return typeof version === 'number' ? version : undefined;
}

/** The per-item issues an error carries (`issues`: path, rule, message), if any. */
function issuesOf(error: HubError): ValidationIssue[] | undefined {
  const issues = (error as HubError & { issues?: unknown }).issues;
  return Array.isArray(issues) ? (issues as ValidationIssue[]) : undefined;
}
