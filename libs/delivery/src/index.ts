export { CreateWebhookDeliveries1764300000000 } from './migrations/1764300000000-create-webhook-deliveries.js';
export { CreateWebhookSecrets1764360000000 } from './migrations/1764360000000-create-webhook-secrets.js';
export { DeliveryError, DELIVERY_ERROR_CODES, type DeliveryErrorCode } from './delivery.errors.js';
export {
  DELIVERY_AUDIT_ACTIONS,
  type DeliveryAuditAction,
  type DeliveryAuditDetail,
  type DeliveryAuditEntry,
  type DeliveryAuditPort,
  type DeliveryLogger,
  type ExpectedReceipt,
  type ReceiptVerdict,
  type ReceiptVerifier,
} from './delivery-ports.js';
export { WORKER_ACTOR } from './delivery-audit.js';
export { DELIVERY_CHANNEL, type DeliverySql } from './delivery-sql.js';
export {
  DEAD_LETTER_REASONS,
  DEFAULT_RETRY_POLICY,
  backoffCeilingMs,
  decideRetry,
  parseRetryAfter,
  resolveRetryPolicy,
  type DeadLetterReason,
  type FailedAttempt,
  type RetryDecision,
  type RetryPolicy,
} from './retry/retry-policy.js';
export {
  HUB_WEBHOOK_HEADERS,
  WEBHOOK_SIGNATURE_SCHEME,
  WebhookSigner,
  webhookSigningString,
  type HubWebhookSigningKey,
  type WebhookSignedFacts,
} from './signing/webhook-signature.js';
export {
  generateWebhookSecret,
  standardWebhookContent,
  standardWebhookPublicKey,
  STANDARD_WEBHOOK_HEADERS,
  WEBHOOK_PUBLIC_KEY_PREFIX,
  WEBHOOK_SECRET_PATTERN,
  WEBHOOK_SECRET_PREFIX,
} from './signing/standard-webhooks.js';
export { PREVIOUS_SECRET_GRACE_SECONDS, storeWebhookSecret } from './secrets/webhook-secrets.js';
export { WEBHOOK_CONTENT_TYPE } from './worker/attempt-delivery.js';
export {
  verifyHubWebhookSignature,
  WebhookSignatureError,
  WEBHOOK_SIGNATURE_ERROR_CODES,
  type HubWebhookHeaders,
  type HubWebhookKeys,
  type VerifiedHubWebhook,
  type VerifyHubWebhookOptions,
  type WebhookSignatureErrorCode,
} from './signing/verify-hub-webhook-signature.js';
export { classifyStatus, type AttemptResult } from './transport/classify-exchange.js';
export { RECEIPT_PROBLEMS, readReceipt, signWebhookReceipt, type ReceiptProblem, type WebhookReceipt } from './receipts/webhook-receipt.js';
export { receiptVerifier } from './receipts/receipt-verifier.js';
export { type AcknowledgeResult } from './receipts/acknowledge-delivery.js';
export { MAX_PAYLOAD_BYTES, type WebhookDeliveryRequest } from './enqueue/webhook-delivery-request.js';
export { discardPendingDeliveriesOf } from './offboarding/discard-pending-deliveries.js';
export { enqueueWebhookDeliveries, type EnqueuedDelivery } from './enqueue/enqueue-webhook-deliveries.js';
export { payloadContext, type PayloadCipher } from './enqueue/payload-cipher.js';
export { sealWebhookDeliveries, webhookEnqueueCtes, type SealedWebhookDelivery } from './enqueue/webhook-enqueue-ctes.js';
export { type DeliveryRecord, type DeliveryStatus } from './dead-letters/delivery-record.js';
export {
  cursorColumn,
  pageClauses,
  toPage,
  type DeadLetterFilter,
  type DeliveryFilter,
  type Page,
  type PageRequest,
} from './dead-letters/delivery-filter.js';
export { type DeadLetterSelection } from './dead-letters/dead-letter-selection.js';
export { type DeliveryAttemptRecord, type DeliveryDetails, type StoredReceipt } from './dead-letters/inspect-delivery.js';
export { WebhookDeliveries, type WebhookDeliveriesPorts } from './webhook-deliveries.js';
export { WebhookDeliveryWorker, type WebhookWorkerPorts } from './worker/webhook-delivery-worker.js';
export { resolveWorkerSettings, type ResolvedWorkerSettings, type WebhookWorkerSettings } from './worker/worker-settings.js';
export { blockedAddressReason, parseAllowlistEntry, type AllowlistEntry } from './transport/address-ranges.js';
export { TARGET_REFUSED, WebhookTargetGuard, type HostResolver } from './transport/webhook-target-guard.js';
