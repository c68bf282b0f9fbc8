import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DeliveryError, DELIVERY_ERROR_CODES } from '../delivery.errors.js';
import { resolveRetryPolicy, type RetryPolicy } from '../retry/retry-policy.js';
import type { HubWebhookSigningKey } from '../signing/webhook-signature.js';
import { WebhookTargetGuard, type HostResolver } from '../transport/webhook-target-guard.js';

/** How a WebhookDeliveryWorker works. Only `signingKey` is required. */
export interface WebhookWorkerSettings {
  /** The hub's Ed25519 key that signs every request. */
  readonly signingKey: HubWebhookSigningKey;
  readonly retry?: Partial<RetryPolicy>;
  /** One attempt, from connecting to the last byte read (default 15 s). */
  readonly attemptTimeoutMs?: number;
  /**
   * How long a claimed delivery stays the worker's (default 60 s); after that another worker may
   * take it. At least attemptTimeoutMs + 1 s, so a live worker records its outcome in time.
   */
  readonly leaseMs?: number;
  /**
   * Requests in flight at once (default 64); answered attempts waiting for their outcome to be
   * written may be as many again. One subject's deliveries still go one at a time.
   */
  readonly concurrency?: number;
  /** How often to look for due deliveries when not woken (default 1 s). */
  readonly pollIntervalMs?: number;
  /** Most bytes of a response body read (default 64 KiB); the rest is not read. */
  readonly maxResponseBytes?: number;
  /** Allow http:// endpoints (tests, a local agency simulator); default false: https only. */
  readonly allowPlainHttp?: boolean;
  /**
   * Exceptions to the SSRF guard: host names, IP addresses or CIDR ranges (`127.0.0.1`, `10.1.0.0/16`)
   * a webhook may reach though they are loopback, private, link-local or otherwise not public
   * (default none: only public addresses).
   */
  readonly allowedTargets?: readonly string[];
  /** How host names are resolved before connecting (default dns.lookup); tests give their own. */
  readonly resolveHost?: HostResolver;
  /** TLS for https endpoints: extra trusted CAs, and the hub's client certificate where agencies require mutual TLS. */
  readonly tls?: { readonly ca?: string | Buffer | (string | Buffer)[]; readonly cert?: string | Buffer; readonly key?: string | Buffer };
  /** Shows in claimed_by and the attempts (default host:pid:random). */
  readonly workerId?: string;
  /** A PostgreSQL URL to LISTEN on, so new deliveries go out at once; without it the worker polls. */
  readonly listenUrl?: string;
}

export type ResolvedWorkerSettings = Required<
  Omit<WebhookWorkerSettings, 'retry' | 'tls' | 'listenUrl' | 'allowedTargets' | 'resolveHost'>
> &
  Pick<WebhookWorkerSettings, 'tls' | 'listenUrl'> & { readonly retry: RetryPolicy; readonly targetGuard: WebhookTargetGuard };

/** Fills in defaults and checks ranges; throws DELIVERY_SETTINGS_INVALID naming the setting. */
export function resolveWorkerSettings(settings: WebhookWorkerSettings): ResolvedWorkerSettings {
  const attemptTimeoutMs = settings.attemptTimeoutMs ?? 15_000;
  const resolved: ResolvedWorkerSettings = {
    signingKey: settings.signingKey,
    retry: resolveRetryPolicy(settings.retry),
    attemptTimeoutMs,
    leaseMs: settings.leaseMs ?? Math.max(60_000, attemptTimeoutMs * 2),
    concurrency: settings.concurrency ?? 64,
    pollIntervalMs: settings.pollIntervalMs ?? 1_000,
    maxResponseBytes: settings.maxResponseBytes ?? 64 * 1024,
    allowPlainHttp: settings.allowPlainHttp ?? false,
    targetGuard: targetGuard(settings),
    tls: settings.tls,
    workerId: settings.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    listenUrl: settings.listenUrl,
  };
  const fail = (field: string, rule: string, value: unknown): never => {
    throw new DeliveryError(DELIVERY_ERROR_CODES.settingsInvalid, `webhook worker ${field} must be ${rule}, got ${String(value)}`, {
      field,
    });
  };
  if (!(resolved.attemptTimeoutMs >= 100)) fail('attemptTimeoutMs', 'at least 100', resolved.attemptTimeoutMs);
  if (!(resolved.leaseMs >= resolved.attemptTimeoutMs + 1_000)) {
    fail('leaseMs', `at least attemptTimeoutMs + 1000 (${resolved.attemptTimeoutMs + 1_000})`, resolved.leaseMs);
  }
  if (!Number.isInteger(resolved.concurrency) || resolved.concurrency < 1)
    fail('concurrency', 'a whole number of at least 1', resolved.concurrency);
  if (!(resolved.pollIntervalMs >= 10)) fail('pollIntervalMs', 'at least 10', resolved.pollIntervalMs);
  if (!Number.isInteger(resolved.maxResponseBytes) || resolved.maxResponseBytes < 1024) {
    fail('maxResponseBytes', 'a whole number of at least 1024', resolved.maxResponseBytes);
  }
  if (!/^[\x21-\x7e]{1,200}$/.test(resolved.workerId)) fail('workerId', '1–200 printable ASCII characters', resolved.workerId);
  return resolved;
}

function targetGuard(settings: WebhookWorkerSettings): WebhookTargetGuard {
  try {
    return WebhookTargetGuard.fromEntries(settings.allowedTargets ?? [], settings.resolveHost);
  } catch (error) {
    throw new DeliveryError(DELIVERY_ERROR_CODES.settingsInvalid, `webhook worker allowedTargets: ${(error as Error).message}`, {
      field: 'allowedTargets',
    });
  }
}
