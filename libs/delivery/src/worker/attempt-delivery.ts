import type http from 'node:http';
import type https from 'node:https';
import type { ReceiptVerifier } from '../delivery-ports.js';
import { openPayload, type PayloadCipher } from '../enqueue/payload-cipher.js';
import { assessReceipt, describeProblem, type AcceptedReceipt } from '../receipts/assess-receipt.js';
import { isReceiptProblem, receiptFromResponse } from '../receipts/webhook-receipt.js';
import { DEAD_LETTER_REASONS, decideRetry, type DeadLetterReason } from '../retry/retry-policy.js';
import { openWebhookSecrets } from '../secrets/webhook-secrets.js';
import { STANDARD_WEBHOOK_HEADERS } from '../signing/standard-webhooks.js';
import { HUB_WEBHOOK_HEADERS, type WebhookSigner } from '../signing/webhook-signature.js';
import { classifyExchange, notSent, type AttemptResult } from '../transport/classify-exchange.js';
import { postWebhook, type WebhookExchange } from '../transport/post-webhook.js';
import { TARGET_REFUSED } from '../transport/webhook-target-guard.js';
import type { AttemptOutcomeRecord } from './apply-outcomes.js';
import type { ClaimedDelivery } from './claim-due-deliveries.js';
import type { ResolvedWorkerSettings } from './worker-settings.js';

/** What a worker needs to make and record one attempt. */
export interface AttemptContext {
  /**
   * Writes an outcome (with its audit row, in one transaction) and resolves to whether it was
   * applied; false when the claim was superseded. An OutcomeRecorder, which batches.
   */
  readonly record: (outcome: AttemptOutcomeRecord) => Promise<boolean>;
  readonly settings: ResolvedWorkerSettings;
  readonly signer: WebhookSigner;
  readonly agents: { readonly http: http.Agent; readonly https: https.Agent };
  readonly verifyReceipt: ReceiptVerifier | undefined;
  readonly cipher: PayloadCipher | undefined;
  readonly random: () => number;
}

/** How an attempt ended, for the worker's log. `superseded`: another worker had taken the delivery over. */
export type AttemptSummary =
  | {
      readonly outcome: 'delivered';
      readonly result: AttemptResult;
      readonly acknowledged: boolean;
      readonly receiptProblem: string | null;
    }
  | { readonly outcome: 'retry'; readonly result: AttemptResult; readonly delayMs: number }
  | { readonly outcome: 'dead'; readonly result: AttemptResult | undefined; readonly reason: DeadLetterReason }
  | { readonly outcome: 'superseded'; readonly result: AttemptResult | undefined };

/** Webhook bodies are CloudEvents in the HTTP binding's structured mode, which the CloudEvents SDKs read as such. */
export const WEBHOOK_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';

/**
 * The headers of one attempt: Hub-Signature covers delivery id, sequence, timestamp and body; the
 * Standard Webhooks headers carry the same delivery id and timestamp, signed `v1a` by the hub's key
 * and `v1` by each of the subscription's `secrets` (opened).
 */
export function webhookHeaders(
  claim: ClaimedDelivery,
  body: string,
  signer: WebhookSigner,
  timestamp: number,
  secrets: readonly string[] = [],
): Record<string, string> {
  const facts = { deliveryId: claim.deliveryId, sequence: claim.sequence, timestamp, body };
  return {
    'content-type': WEBHOOK_CONTENT_TYPE,
    'user-agent': 'interagency-hub-webhook/1',
    [HUB_WEBHOOK_HEADERS.deliveryId]: claim.deliveryId,
    [HUB_WEBHOOK_HEADERS.idempotencyKey]: claim.deliveryId,
    [HUB_WEBHOOK_HEADERS.sequence]: String(claim.sequence),
    [HUB_WEBHOOK_HEADERS.subscriptionId]: claim.subscriptionId,
    [HUB_WEBHOOK_HEADERS.eventId]: claim.eventId,
    [HUB_WEBHOOK_HEADERS.eventType]: claim.eventType,
    [HUB_WEBHOOK_HEADERS.attempt]: String(claim.attempt),
    [HUB_WEBHOOK_HEADERS.timestamp]: String(timestamp),
    [HUB_WEBHOOK_HEADERS.signature]: signer.sign(facts),
    [STANDARD_WEBHOOK_HEADERS.id]: claim.deliveryId,
    [STANDARD_WEBHOOK_HEADERS.timestamp]: String(timestamp),
    [STANDARD_WEBHOOK_HEADERS.signature]: signer.signStandard(facts, secrets),
  };
}

/**
 * Makes one attempt of a claimed delivery and records what came of it: delivered (with or without
 * an accepted receipt), retry later, or dead letter. `answered` is called once the exchange with
 * the endpoint is over (before the outcome is written), so the caller can count requests in flight.
 * Rejects only when the outcome cannot be written; the lease then runs out and the delivery is
 * attempted again.
 */
export async function attemptDelivery(
  claim: ClaimedDelivery,
  context: AttemptContext,
  answered: () => void = () => undefined,
): Promise<AttemptSummary> {
  const claimedAt = performance.now();
  const { settings } = context;
  if (claim.attempt > settings.retry.maxAttempts) return deadLetter(claim, undefined, DEAD_LETTER_REASONS.attemptsExhausted, context);

  const url = allowedEndpoint(claim.endpoint, settings.allowPlainHttp);
  if (typeof url === 'string')
    return deadLetter(claim, notSent('ENDPOINT_NOT_ALLOWED', url), DEAD_LETTER_REASONS.endpointNotAllowed, context);
  let body: string;
  let secrets: string[];
  try {
    body = openPayload(context.cipher, claim.payload, claim.deliveryId);
    secrets = openWebhookSecrets(context.cipher, claim.secrets, claim.subscriptionId);
  } catch (error) {
    const message = `the stored body or webhook secret cannot be decrypted (${String(error).slice(0, 300)}); restore its key or bind the cipher, then redrive`;
    return deadLetter(claim, notSent('PAYLOAD_UNREADABLE', message), DEAD_LETTER_REASONS.payloadUnreadable, context);
  }

  const timestamp = Math.floor(Date.now() / 1000);
  const exchange = await postWebhook(url, body, webhookHeaders(claim, body, context.signer, timestamp, secrets), {
    timeoutMs: settings.attemptTimeoutMs,
    maxResponseBytes: settings.maxResponseBytes,
    agents: context.agents,
    guard: settings.targetGuard,
  });
  answered();
  const result = classifyExchange(exchange, Date.now());
  // A refused address stays refused until the subscription or the allowlist changes: no retries.
  if (exchange.kind === 'failure' && exchange.errorCode === TARGET_REFUSED)
    return deadLetter(claim, result, DEAD_LETTER_REASONS.endpointNotAllowed, context);
  switch (result.outcome) {
    case 'delivered':
      return delivered(claim, result, exchange, context);
    case 'rejected':
      return deadLetter(claim, result, DEAD_LETTER_REASONS.rejected, context);
    case 'retriable': {
      const ageMs = claim.ageMs + (performance.now() - claimedAt);
      const decision = decideRetry(
        settings.retry,
        { attempt: claim.attempt, ageMs, retryAfterMs: result.retryAfterMs ?? undefined },
        context.random,
      );
      if (!decision.retry) return deadLetter(claim, result, decision.reason, context);
      const applied = await context.record({ kind: 'retry', claim, result, delayMs: decision.delayMs });
      return applied ? { outcome: 'retry', result, delayMs: decision.delayMs } : { outcome: 'superseded', result };
    }
  }
}

async function delivered(
  claim: ClaimedDelivery,
  result: AttemptResult,
  exchange: WebhookExchange,
  context: AttemptContext,
): Promise<AttemptSummary> {
  const candidate =
    exchange.kind === 'response'
      ? receiptFromResponse(exchange.body, exchange.truncated || exchange.interrupted)
      : { code: 'RECEIPT_MISSING', message: 'no response body' };
  const expected = { deliveryId: claim.deliveryId, eventId: claim.eventId, agencyId: claim.agencyId };
  const assessed = await assessReceipt(candidate, expected, context.verifyReceipt);
  const receipt: AcceptedReceipt | undefined = isReceiptProblem(assessed) ? undefined : assessed;
  const receiptProblem = isReceiptProblem(assessed) ? describeProblem(assessed) : null;
  const applied = await context.record({ kind: 'delivered', claim, result, delivered: { receipt, receiptProblem } });
  return applied
    ? { outcome: 'delivered', result, acknowledged: receipt !== undefined, receiptProblem }
    : { outcome: 'superseded', result };
}

async function deadLetter(
  claim: ClaimedDelivery,
  result: AttemptResult | undefined,
  reason: DeadLetterReason,
  context: AttemptContext,
): Promise<AttemptSummary> {
  const applied = await context.record({ kind: 'dead', claim, result, reason });
  return applied ? { outcome: 'dead', result, reason } : { outcome: 'superseded', result };
}

/** The endpoint as a URL, or why the worker may not call it. */
function allowedEndpoint(endpoint: string, allowPlainHttp: boolean): URL | string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return `the endpoint ${JSON.stringify(endpoint.slice(0, 200))} is not a URL; correct the subscription and redrive`;
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && allowPlainHttp)) return url;
  return `the endpoint's scheme ${url.protocol} is not allowed (https only); correct the subscription's endpoint and redrive`;
}
