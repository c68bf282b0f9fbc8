import { describe, expect, it } from '@jest/globals';
import { DeliveryError } from '../delivery.errors.js';
import {
  backoffCeilingMs,
  DEAD_LETTER_REASONS,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  resolveRetryPolicy,
  type RetryPolicy,
} from './retry-policy.js';

const policy: RetryPolicy = { baseDelayMs: 1_000, factor: 2, maxDelayMs: 60_000, maxAttempts: 10, maxAgeMs: 3_600_000 };
const fixed = (value: number) => () => value;

/** A small deterministic generator (mulberry32), so the property runs are repeatable. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('retry policy', () => {
  it('grows the ceiling by the factor from the base delay and caps it at the max delay', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((attempt) => backoffCeilingMs(policy, attempt))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
    expect(backoffCeilingMs(policy, 5_000)).toBe(60_000);
  });

  it('draws each delay uniformly below the ceiling (full jitter): random 0 gives 0, random near 1 gives just under the ceiling', () => {
    expect(decideRetry(policy, { attempt: 3, ageMs: 0 }, fixed(0))).toEqual({ retry: true, delayMs: 0 });
    expect(decideRetry(policy, { attempt: 3, ageMs: 0 }, fixed(0.5))).toEqual({ retry: true, delayMs: 2_000 });
    expect(decideRetry(policy, { attempt: 3, ageMs: 0 }, fixed(0.999_999))).toEqual({ retry: true, delayMs: 3_999 });
    expect(decideRetry(policy, { attempt: 3, ageMs: 0 }, fixed(1))).toEqual({ retry: true, delayMs: 3_999 });
    expect(decideRetry(policy, { attempt: 3, ageMs: 0 }, fixed(Number.NaN))).toEqual({ retry: true, delayMs: 0 });
  });

  it('keeps a whole schedule within its bounds for any random draws', () => {
    const random = seeded(20261126);
    for (let run = 0; run < 200; run += 1) {
      let ageMs = 0;
      for (let attempt = 1; ; attempt += 1) {
        const decision = decideRetry(policy, { attempt, ageMs }, random);
        if (!decision.retry) {
          // The worst case (the sum of the ceilings, 243 s) is far inside the max age, so only the count ends it.
          expect(decision).toEqual({ retry: false, reason: DEAD_LETTER_REASONS.attemptsExhausted });
          expect(attempt).toBe(policy.maxAttempts);
          break;
        }
        expect(decision.delayMs).toBeGreaterThanOrEqual(0);
        expect(decision.delayMs).toBeLessThan(backoffCeilingMs(policy, attempt));
        expect(Number.isInteger(decision.delayMs)).toBe(true);
        ageMs += decision.delayMs;
        expect(ageMs).toBeLessThanOrEqual(policy.maxAgeMs);
      }
    }
  });

  it('spreads the default schedule over hours: the last retries are at most an hour apart and the total stays under the max age', () => {
    let worst = 0;
    for (let attempt = 1; attempt < DEFAULT_RETRY_POLICY.maxAttempts; attempt += 1)
      worst += backoffCeilingMs(DEFAULT_RETRY_POLICY, attempt);
    expect(backoffCeilingMs(DEFAULT_RETRY_POLICY, DEFAULT_RETRY_POLICY.maxAttempts - 1)).toBe(3_600_000);
    expect(worst).toBeGreaterThan(10 * 3_600_000);
    expect(worst).toBeLessThan(DEFAULT_RETRY_POLICY.maxAgeMs);
  });

  it('dead-letters after the last attempt, whatever the time left', () => {
    expect(decideRetry(policy, { attempt: 10, ageMs: 0 }, fixed(0))).toEqual({
      retry: false,
      reason: DEAD_LETTER_REASONS.attemptsExhausted,
    });
    expect(decideRetry(policy, { attempt: 11, ageMs: 0 }, fixed(0))).toEqual({
      retry: false,
      reason: DEAD_LETTER_REASONS.attemptsExhausted,
    });
  });

  it('dead-letters when the next attempt would fall after the max age', () => {
    expect(decideRetry(policy, { attempt: 2, ageMs: 3_599_001 }, fixed(0.5))).toEqual({
      retry: false,
      reason: DEAD_LETTER_REASONS.maxAgeExceeded,
    });
    expect(decideRetry(policy, { attempt: 2, ageMs: 3_599_000 }, fixed(0.5))).toEqual({ retry: true, delayMs: 1_000 });
  });

  it('honours Retry-After when it asks for longer than the jitter drew, up to the max delay', () => {
    expect(decideRetry(policy, { attempt: 1, ageMs: 0, retryAfterMs: 30_000 }, fixed(0.1))).toEqual({ retry: true, delayMs: 30_000 });
    expect(decideRetry(policy, { attempt: 1, ageMs: 0, retryAfterMs: 86_400_000 }, fixed(0.1))).toEqual({ retry: true, delayMs: 60_000 });
    expect(decideRetry(policy, { attempt: 7, ageMs: 0, retryAfterMs: 10 }, fixed(0.5))).toEqual({ retry: true, delayMs: 30_000 });
    expect(decideRetry(policy, { attempt: 1, ageMs: 0, retryAfterMs: -5 }, fixed(0))).toEqual({ retry: true, delayMs: 0 });
  });

  it('reads Retry-After as seconds or an HTTP date, and ignores anything else', () => {
    const now = Date.parse('2026-03-01T08:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(['3', '9'], now)).toBe(3_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 08:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 07:00:00 GMT', now)).toBe(0);
    for (const bad of [undefined, '', 'soon', '-1', '1.5', '12abc']) expect(parseRetryAfter(bad, now)).toBeUndefined();
  });

  it('refuses a policy out of range, naming the field', () => {
    expect(resolveRetryPolicy()).toEqual(DEFAULT_RETRY_POLICY);
    expect(resolveRetryPolicy({ maxAttempts: 3, baseDelayMs: undefined })).toEqual({ ...DEFAULT_RETRY_POLICY, maxAttempts: 3 });
    for (const bad of [{ baseDelayMs: 0 }, { factor: 0.5 }, { maxDelayMs: 1 }, { maxAttempts: 0 }, { maxAttempts: 1.5 }, { maxAgeMs: 1 }]) {
      expect(() => resolveRetryPolicy(bad)).toThrow(DeliveryError);
    }
    expect(() => resolveRetryPolicy({ factor: Number.NaN })).toThrow(/factor/);
  });
});
