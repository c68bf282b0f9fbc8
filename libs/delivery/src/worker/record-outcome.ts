import { auditColumns, auditEntry, DELIVERY_AUDIT_ACTIONS, type AuditColumns } from '../delivery-audit.js';
import type { DeliveryAuditEntry } from '../delivery-ports.js';
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
 * Dead-letters the delivery (with the attempt that decided it, if one was made). Resolves to the
 * audit entry the caller records in the same transaction, or undefined when the claim was superseded.
 */
export async function recordDeadLetter(
  tx: DeliverySql,
  claim: ClaimedDelivery,
  result: AttemptResult | undefined,
  reason: DeadLetterReason,
  actor: string,
): Promise<DeliveryAuditEntry | undefined> {
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
  return row && auditEntry(DELIVERY_AUDIT_ACTIONS.deadLettered, actor, row, { reason });
}
