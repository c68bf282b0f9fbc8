import type { Metrics } from '@hub/observability';

/** How an attempt ended, as the webhook worker reports it. */
type AttemptOutcome = 'delivered' | 'retry' | 'dead' | 'superseded';

/**
 * Counts webhook attempts, in memory: `hub_webhook_attempts_total{outcome}` (delivered, retry,
 * dead, superseded) and `hub_webhook_attempt_duration_seconds{outcome}` for those that reached the
 * subscriber's endpoint.
 */
export function recordWebhookAttempts(metrics: Metrics): (attempt: { outcome: AttemptOutcome; durationMs: number | null }) => void {
  const attempts = metrics.counter('hub_webhook_attempts_total', 'Webhook delivery attempts, by outcome.', ['outcome']);
  const duration = metrics.histogram('hub_webhook_attempt_duration_seconds', 'Duration of webhook attempts, by outcome.', ['outcome']);
  return ({ outcome, durationMs }) => {
    attempts.inc({ outcome });
    if (durationMs !== null) duration.observe({ outcome }, durationMs / 1000);
  };
}
