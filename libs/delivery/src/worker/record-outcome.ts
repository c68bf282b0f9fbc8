import type { EntityManager } from 'typeorm';
import { auditColumns, auditEntry, DELIVERY_AUDIT_ACTIONS, type AuditColumns } from '../delivery-audit.js';
import type { DeliveryAuditPort } from '../delivery-ports.js';
import { select, type DeliverySql } from '../delivery-sql.js';
import type { AcceptedReceipt } from '../receipts/assess-receipt.js';
import type { DeadLetterReason } from '../retry/retry-policy.js';
import type { AttemptResult } from '../transport/classify-exchange.js';
import type { ClaimedDelivery } from './claim-due-deliveries.js';

/**
 * Finishes the claim's attempt row. Parameters $1 (claim token) to $11; the statements below add
 * theirs from $12. The attempt row is written even when the claim has been superseded, so an
 * attempt that outlived its lease is still on record.
 */
const FINISH_ATTEMPT = `attempt AS (
  UPDATE webhook_delivery_attempts
     SET finished_at = clock_timestamp(), duration_ms = $3, status_code = $4, error_code = $5, error_message = $6,
         response_bytes = $7, response_truncated = $8, retry_after_ms = $9, response_excerpt = $10, outcome = $11
   WHERE claim_token = $1 AND delivery_id = $2
)`;

/** Only the claim's holder may move the delivery on: a superseded worker's outcome changes nothing. */
const HELD_BY_CLAIM = `id = $2 AND claim_token = $1 AND status = 'pending'`;
const RELEASE_CLAIM = `lease_until = NULL, claim_token = NULL, claimed_by = NULL, updated_at = clock_timestamp()`;

function attemptParameters(claim: ClaimedDelivery, result: AttemptResult | undefined): unknown[] {
  return [
    claim.claimToken,
    claim.deliveryId,
    result?.durationMs ?? null,
    result?.statusCode ?? null,
    result?.errorCode ?? null,
    result?.errorMessage ?? null,
    result?.responseBytes ?? null,
    result?.responseTruncated ?? null,
    result?.retryAfterMs ?? null,
    result?.responseExcerpt ?? null,
    result?.outcome ?? null,
  ];
}

/** `<code>: <message>` of a failed attempt, for the delivery's last_error. */
export function describeFailure(result: AttemptResult): string {
  return [result.errorCode, result.errorMessage].filter(Boolean).join(': ').slice(0, 1000) || 'failed';
}

export interface DeliveredOutcome {
  readonly receipt: AcceptedReceipt | undefined;
  /** Why the delivery is unacknowledged, when it has no accepted receipt. */
  readonly receiptProblem: string | null;
}

/**
 * Marks the delivery delivered, stores an accepted receipt as evidence (or why there is none), and
 * audits it, in one transaction. Returns false when the claim was superseded.
 */
export async function recordDelivered(
  tx: EntityManager,
  claim: ClaimedDelivery,
  result: AttemptResult,
  outcome: DeliveredOutcome,
  audit: DeliveryAuditPort,
  actor: string,
): Promise<boolean> {
  const receipt = outcome.receipt;
  const rows = await select<AuditColumns>(
    tx,
    `WITH ${FINISH_ATTEMPT},
     delivered AS (
       UPDATE webhook_deliveries
          SET status = 'delivered', delivered_at = clock_timestamp(), last_status_code = $4, last_error = NULL,
              acknowledged_at = CASE WHEN $12::text IS NULL THEN acknowledged_at ELSE coalesce(acknowledged_at, clock_timestamp()) END,
              receipt_problem = CASE WHEN $12::text IS NULL AND acknowledged_at IS NULL THEN $16 END, ${RELEASE_CLAIM}
        WHERE ${HELD_BY_CLAIM}
       RETURNING ${auditColumns('webhook_deliveries')}
     ),
     receipt AS (
       INSERT INTO webhook_receipts (delivery_id, event_id, agency_id, key_id, alg, received_at, via, receipt)
       SELECT d.id::uuid, d.event_id::uuid, d.agency_id, $12, $13, $14::timestamptz, 'response', $15 FROM delivered d WHERE $12::text IS NOT NULL
       ON CONFLICT (delivery_id) DO NOTHING
     )
     SELECT * FROM delivered`,
    [
      ...attemptParameters(claim, result),
      receipt?.keyId ?? null,
      receipt?.alg ?? null,
      receipt?.receipt.receivedAt ?? null,
      receipt ? JSON.stringify(receipt.receipt) : null,
      outcome.receiptProblem,
    ],
  );
  const [row] = rows;
  if (!row) return false;
  await audit.record([auditEntry(DELIVERY_AUDIT_ACTIONS.delivered, actor, row, { receiptKeyId: receipt?.keyId ?? null })], tx);
  return true;
}

/** Releases the delivery to be tried again after `delayMs`. Returns false when the claim was superseded. */
export async function scheduleRetry(db: DeliverySql, claim: ClaimedDelivery, result: AttemptResult, delayMs: number): Promise<boolean> {
  const rows = await select<{ id: string }>(
    db,
    `WITH ${FINISH_ATTEMPT}
     UPDATE webhook_deliveries
        SET next_attempt_at = clock_timestamp() + make_interval(secs => $12::double precision / 1000),
            last_status_code = $4, last_error = $13, ${RELEASE_CLAIM}
      WHERE ${HELD_BY_CLAIM}
     RETURNING id::text`,
    [...attemptParameters(claim, result), delayMs, describeFailure(result)],
  );
  return rows.length > 0;
}

/**
 * Dead-letters the delivery (with the attempt that decided it, if one was made) and audits it, in
 * one transaction. Returns false when the claim was superseded.
 */
export async function recordDeadLetter(
  tx: EntityManager,
  claim: ClaimedDelivery,
  result: AttemptResult | undefined,
  reason: DeadLetterReason,
  audit: DeliveryAuditPort,
  actor: string,
): Promise<boolean> {
  const lastError = result ? describeFailure(result) : 'the previous attempt was abandoned and no attempts are left';
  const rows = await select<AuditColumns>(
    tx,
    `WITH ${FINISH_ATTEMPT}
     UPDATE webhook_deliveries
        SET status = 'dead', dead_at = clock_timestamp(), dead_reason = $12,
            last_status_code = coalesce($4, last_status_code), last_error = $13, ${RELEASE_CLAIM}
      WHERE ${HELD_BY_CLAIM}
     RETURNING ${auditColumns('webhook_deliveries')}`,
    [...attemptParameters(claim, result), reason, lastError],
  );
  const [row] = rows;
  if (!row) return false;
  await audit.record([auditEntry(DELIVERY_AUDIT_ACTIONS.deadLettered, actor, row, { reason })], tx);
  return true;
}
