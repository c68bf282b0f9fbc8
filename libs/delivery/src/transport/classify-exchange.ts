import { parseRetryAfter } from '../retry/retry-policy.js';
import type { WebhookExchange } from './post-webhook.js';

/** What an attempt came to, as the attempts table records it. */
export interface AttemptResult {
  /** delivered: 2xx. retriable: 408, 425, 429, 5xx, no answer. rejected: anything else. */
  readonly outcome: 'delivered' | 'retriable' | 'rejected';
  readonly statusCode: number | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly durationMs: number;
  readonly retryAfterMs: number | null;
  readonly responseBytes: number | null;
  readonly responseTruncated: boolean | null;
  /** The start of a non-2xx answer, for whoever inspects the dead letter. */
  readonly responseExcerpt: string | null;
}

const RETRIABLE_STATUSES: ReadonlySet<number> = new Set([408, 425, 429]);
const EXCERPT_CHARACTERS = 256;

/** 2xx delivered; 408, 425, 429 and 5xx retriable; 1xx, 3xx (redirects are not followed) and other 4xx rejected. */
export function classifyStatus(status: number): AttemptResult['outcome'] {
  if (status >= 200 && status < 300) return 'delivered';
  if (RETRIABLE_STATUSES.has(status) || status >= 500) return 'retriable';
  return 'rejected';
}

/**
 * Classifies an exchange. Once a 2xx status line has arrived the delivery counts as made, even if
 * the body was then cut off; no answer at all (refused, reset, TLS, timeout) is retriable.
 */
export function classifyExchange(exchange: WebhookExchange, nowMs: number): AttemptResult {
  if (exchange.kind === 'failure') {
    return {
      outcome: 'retriable',
      statusCode: null,
      errorCode: exchange.errorCode,
      errorMessage: exchange.message.slice(0, 1000),
      durationMs: exchange.durationMs,
      retryAfterMs: null,
      responseBytes: null,
      responseTruncated: null,
      responseExcerpt: null,
    };
  }
  const outcome = classifyStatus(exchange.status);
  const problem = describeStatus(exchange.status, outcome);
  return {
    outcome,
    statusCode: exchange.status,
    errorCode: exchange.interrupted ? 'RESPONSE_INTERRUPTED' : exchange.truncated ? 'RESPONSE_TOO_LARGE' : null,
    errorMessage: problem,
    durationMs: exchange.durationMs,
    retryAfterMs: outcome === 'retriable' ? (parseRetryAfter(exchange.headers['retry-after'], nowMs) ?? null) : null,
    responseBytes: exchange.body.length,
    responseTruncated: exchange.truncated,
    responseExcerpt: outcome === 'delivered' ? null : excerpt(exchange.body),
  };
}

/** An attempt that was not made (endpoint not allowed, body unreadable): `errorCode` says why. */
export function notSent(errorCode: string, message: string): AttemptResult {
  return {
    outcome: 'rejected',
    statusCode: null,
    errorCode,
    errorMessage: message,
    durationMs: 0,
    retryAfterMs: null,
    responseBytes: null,
    responseTruncated: null,
    responseExcerpt: null,
  };
}

function describeStatus(status: number, outcome: AttemptResult['outcome']): string | null {
  switch (outcome) {
    case 'delivered':
      return null;
    case 'retriable':
      return `HTTP ${status}: the receiver could not take it now`;
    case 'rejected':
      return status >= 300 && status < 400
        ? `HTTP ${status}: redirects are not followed; register the final URL as the endpoint`
        : `HTTP ${status}: the receiver refused the delivery; sending it again will not help`;
  }
}

function excerpt(body: Buffer): string | null {
  if (body.length === 0) return null;
  return body
    .subarray(0, EXCERPT_CHARACTERS * 4)
    .toString('utf8')
    .slice(0, EXCERPT_CHARACTERS);
}
