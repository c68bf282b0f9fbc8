import { DeliveryError, DELIVERY_ERROR_CODES } from '../delivery.errors.js';

/**
 * When to try a failed delivery again: exponential backoff with full jitter (the delay before
 * attempt n+1 is uniform in [0, min(maxDelayMs, baseDelayMs · factor^(n-1))) ), at most
 * `maxAttempts` attempts and never later than `maxAgeMs` after the delivery was enqueued (or
 * redriven). A receiver's `Retry-After` is honoured up to `maxDelayMs`.
 */
export interface RetryPolicy {
  readonly baseDelayMs: number;
  readonly factor: number;
  readonly maxDelayMs: number;
  readonly maxAttempts: number;
  readonly maxAgeMs: number;
}

/**
 * 25 attempts over about a day: the ceiling doubles from 10 s and reaches the 1 h cap at the
 * ninth retry; with full jitter the later retries come about every half hour. A delivery still
 * failing after 72 h is dead-lettered whatever its count.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 10_000,
  factor: 2,
  maxDelayMs: 3_600_000,
  maxAttempts: 25,
  maxAgeMs: 72 * 3_600_000,
};

/** Why a delivery was dead-lettered; stored in `dead_reason` and filterable. */
export const DEAD_LETTER_REASONS = {
  /** The receiver answered 3xx or a 4xx other than 408, 425, 429: sending again will not help. */
  rejected: 'REJECTED_BY_RECEIVER',
  /** The endpoint is not one the worker may call (plain http where https is required, bad URL). */
  endpointNotAllowed: 'ENDPOINT_NOT_ALLOWED',
  /** The stored body cannot be decrypted (its key left the keyring, or no cipher is bound): fix that, then redrive. */
  payloadUnreadable: 'PAYLOAD_UNREADABLE',
  /** `maxAttempts` attempts failed (abandoned attempts of crashed workers count). */
  attemptsExhausted: 'ATTEMPTS_EXHAUSTED',
  /** The next attempt would fall after `maxAgeMs`. */
  maxAgeExceeded: 'MAX_AGE_EXCEEDED',
} as const;

export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[keyof typeof DEAD_LETTER_REASONS];

/** What to do after a retriable failure. */
export type RetryDecision =
  { readonly retry: true; readonly delayMs: number } | { readonly retry: false; readonly reason: DeadLetterReason };

/** The facts of a retriable failure that the decision rests on. */
export interface FailedAttempt {
  /** 1 for the first attempt of the round. */
  readonly attempt: number;
  /** Time since the round began (enqueue or redrive) up to now. */
  readonly ageMs: number;
  /** The receiver's Retry-After, if it gave one. */
  readonly retryAfterMs?: number;
}

/** Fills in and checks a policy; throws DELIVERY_SETTINGS_INVALID naming the bad field. */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...definedOnly(overrides) };
  const fail = (field: keyof RetryPolicy, rule: string): never => {
    throw new DeliveryError(DELIVERY_ERROR_CODES.settingsInvalid, `retry policy ${field} must be ${rule}, got ${policy[field]}`, {
      field,
    });
  };
  if (!(policy.baseDelayMs >= 1)) fail('baseDelayMs', 'at least 1');
  if (!(policy.factor >= 1)) fail('factor', 'at least 1');
  if (!(policy.maxDelayMs >= policy.baseDelayMs)) fail('maxDelayMs', `at least baseDelayMs (${policy.baseDelayMs})`);
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) fail('maxAttempts', 'a whole number of at least 1');
  if (!(policy.maxAgeMs >= policy.baseDelayMs)) fail('maxAgeMs', `at least baseDelayMs (${policy.baseDelayMs})`);
  return policy;
}

/** The largest delay before the attempt after `attempt` (before jitter). */
export function backoffCeilingMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** Math.max(0, attempt - 1));
}

/**
 * Retry or dead-letter after a retriable failure. `random` returns a number in [0, 1) (Math.random
 * in production; injected in tests). Retry-After lengthens the delay, never shortens it, and is
 * capped at maxDelayMs so a receiver cannot park a delivery for days.
 */
export function decideRetry(policy: RetryPolicy, failed: FailedAttempt, random: () => number): RetryDecision {
  if (failed.attempt >= policy.maxAttempts) return { retry: false, reason: DEAD_LETTER_REASONS.attemptsExhausted };
  const jittered = Math.floor(clampUnit(random()) * backoffCeilingMs(policy, failed.attempt));
  const asked = failed.retryAfterMs === undefined ? 0 : Math.min(Math.max(0, failed.retryAfterMs), policy.maxDelayMs);
  const delayMs = Math.max(jittered, asked);
  if (failed.ageMs + delayMs > policy.maxAgeMs) return { retry: false, reason: DEAD_LETTER_REASONS.maxAgeExceeded };
  return { retry: true, delayMs };
}

/**
 * Reads a Retry-After header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Undefined when
 * absent or unreadable; a date in the past is 0.
 */
export function parseRetryAfter(value: string | readonly string[] | undefined, nowMs: number): number | undefined {
  const text = (typeof value === 'string' ? value : value?.[0])?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds * 1000 : undefined;
  }
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/[A-Za-z]/.test(text)) return undefined;
  return Math.max(0, at - nowMs);
}

function clampUnit(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return value >= 1 ? 1 - Number.EPSILON : value;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
