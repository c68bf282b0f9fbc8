import { auditColumns, auditEntry, DELIVERY_AUDIT_ACTIONS, type AuditColumns } from '../delivery-audit.js';
import type { DeliveryAuditEntry } from '../delivery-ports.js';
import { select, type DeliverySql } from '../delivery-sql.js';
import type { AttemptResult } from '../transport/classify-exchange.js';
import type { ClaimedDelivery } from './claim-due-deliveries.js';
import type { DeliveredOutcome } from './record-outcome.js';

/** One 2xx attempt to record (a 2xx answer has no Retry-After or excerpt to keep; see classifyExchange). */
export interface DeliveredAttempt {
  readonly claim: ClaimedDelivery;
  readonly result: AttemptResult;
  readonly delivered: DeliveredOutcome;
}

/** The attempts as columns (one array per column) for `unnest`, in the order of ROWS below. */
const COLUMNS = [
  ['claim_token', 'uuid'],
  ['delivery_id', 'uuid'],
  ['duration_ms', 'double precision'],
  ['status_code', 'integer'],
  ['error_code', 'text'],
  ['error_message', 'text'],
  ['response_bytes', 'double precision'],
  ['response_truncated', 'boolean'],
  ['key_id', 'text'],
  ['alg', 'text'],
  ['received_at', 'text'],
  ['receipt', 'text'],
  ['receipt_problem', 'text'],
] as const;

const ROWS = `SELECT * FROM unnest(${COLUMNS.map(([, type], n) => `$${n + 1}::${type}[]`).join(', ')})
  AS o(${COLUMNS.map(([name]) => name).join(', ')})`;

/**
 * Marks several claimed deliveries delivered in one statement: finishes each attempt row (even when
 * its claim has been superseded, so the attempt stays on record), moves each delivery still held by
 * its claim to delivered, and stores each accepted receipt as evidence (or why there is none).
 * Resolves, in the order given, to the audit entry of each delivery that changed, or undefined where
 * the claim had been superseded; the caller records the entries in the same transaction.
 */
export async function recordDeliveries(
  tx: DeliverySql,
  attempts: readonly DeliveredAttempt[],
  actor: string,
): Promise<(DeliveryAuditEntry | undefined)[]> {
  if (attempts.length === 0) return [];
  const rows = await select<AuditColumns & { claimed: string; key_id: string | null }>(
    tx,
    `WITH o AS (${ROWS}),
     attempt AS (
       UPDATE webhook_delivery_attempts a
          SET finished_at = clock_timestamp(), duration_ms = o.duration_ms, status_code = o.status_code, error_code = o.error_code,
              error_message = o.error_message, response_bytes = o.response_bytes, response_truncated = o.response_truncated,
              retry_after_ms = NULL, response_excerpt = NULL, outcome = 'delivered'
         FROM o WHERE a.claim_token = o.claim_token AND a.delivery_id = o.delivery_id
     ),
     delivered AS (
       UPDATE webhook_deliveries d
          SET status = 'delivered', delivered_at = clock_timestamp(), last_status_code = o.status_code, last_error = NULL,
              acknowledged_at = CASE WHEN o.key_id IS NULL THEN d.acknowledged_at ELSE coalesce(d.acknowledged_at, clock_timestamp()) END,
              receipt_problem = CASE WHEN o.key_id IS NULL AND d.acknowledged_at IS NULL THEN o.receipt_problem END,
              lease_until = NULL, claim_token = NULL, claimed_by = NULL, updated_at = clock_timestamp()
         FROM o WHERE d.id = o.delivery_id AND d.claim_token = o.claim_token AND d.status = 'pending'
       RETURNING ${auditColumns('d')}, o.claim_token::text AS claimed, o.key_id, o.alg, o.received_at, o.receipt
     ),
     receipt AS (
       INSERT INTO webhook_receipts (delivery_id, event_id, agency_id, key_id, alg, received_at, via, receipt)
       SELECT id::uuid, event_id::uuid, agency_id, key_id, alg, received_at::timestamptz, 'response', receipt FROM delivered
        WHERE key_id IS NOT NULL
       ON CONFLICT (delivery_id) DO NOTHING
     )
     SELECT id, subscription_id, agency_id, event_id, event_type, sequence, attempts, last_status_code, claimed, key_id FROM delivered`,
    COLUMNS.map((_, n) => attempts.map((attempt) => columnValues(attempt)[n])),
  );
  const byClaim = new Map(rows.map((row) => [row.claimed, row]));
  return attempts.map(({ claim }) => {
    const row = byClaim.get(claim.claimToken);
    return row && auditEntry(DELIVERY_AUDIT_ACTIONS.delivered, actor, row, { receiptKeyId: row.key_id });
  });
}

function columnValues({ claim, result, delivered }: DeliveredAttempt): unknown[] {
  const receipt = delivered.receipt;
  return [
    claim.claimToken,
    claim.deliveryId,
    result.durationMs,
    result.statusCode,
    result.errorCode,
    result.errorMessage,
    result.responseBytes,
    result.responseTruncated,
    receipt?.keyId ?? null,
    receipt?.alg ?? null,
    receipt?.receipt.receivedAt ?? null,
    receipt ? JSON.stringify(receipt.receipt) : null,
    delivered.receiptProblem,
  ];
}
