import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { DeliveryError } from '../delivery.errors.js';
import { DEFAULT_RETRY_POLICY } from '../retry/retry-policy.js';
import { resolveWorkerSettings } from './worker-settings.js';

const signingKey = { keyId: 'hub-webhook-1', privateKey: generateKeyPairSync('ed25519').privateKey };

describe('webhook worker settings', () => {
  it('fills in defaults: https only, a lease well past the attempt timeout', () => {
    const settings = resolveWorkerSettings({ signingKey });
    expect(settings).toMatchObject({
      retry: DEFAULT_RETRY_POLICY,
      attemptTimeoutMs: 15_000,
      leaseMs: 60_000,
      concurrency: 64,
      pollIntervalMs: 1_000,
      maxResponseBytes: 65_536,
      allowPlainHttp: false,
    });
    expect(settings.workerId).toMatch(/:\d+:[0-9a-f]{6}$/);
    expect(resolveWorkerSettings({ signingKey, attemptTimeoutMs: 50_000 }).leaseMs).toBe(100_000);
  });

  it('refuses a lease that could run out while a live worker still waits for its answer', () => {
    expect(() => resolveWorkerSettings({ signingKey, attemptTimeoutMs: 5_000, leaseMs: 5_500 })).toThrow(/leaseMs must be at least .*6000/);
    expect(resolveWorkerSettings({ signingKey, attemptTimeoutMs: 5_000, leaseMs: 6_000 }).leaseMs).toBe(6_000);
  });

  it('refuses settings out of range, naming them', () => {
    for (const [field, bad] of [
      ['concurrency', { concurrency: 0 }],
      ['concurrency', { concurrency: 1.5 }],
      ['pollIntervalMs', { pollIntervalMs: 0 }],
      ['attemptTimeoutMs', { attemptTimeoutMs: 10 }],
      ['maxResponseBytes', { maxResponseBytes: 10 }],
      ['workerId', { workerId: 'has space' }],
      ['maxAttempts', { retry: { maxAttempts: 0 } }],
    ] as const) {
      expect(() => resolveWorkerSettings({ signingKey, ...bad })).toThrow(DeliveryError);
      expect(() => resolveWorkerSettings({ signingKey, ...bad })).toThrow(field);
    }
  });
});
