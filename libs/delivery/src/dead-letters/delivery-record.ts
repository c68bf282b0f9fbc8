import { isoTime, toNumber } from '../delivery-sql.js';

export type DeliveryStatus = 'pending' | 'delivered' | 'dead' | 'discarded';

/** A delivery as operators see it (without its payload). Times are ISO 8601 UTC. */
export interface DeliveryRecord {
  readonly deliveryId: string;
  readonly subscriptionId: string;
  readonly agencyId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly subjectId: string;
  readonly sequence: number;
  readonly endpoint: string;
  readonly status: DeliveryStatus;
  /** Attempts in the current round. */
  readonly attempts: number;
  /** 1, plus one per redrive. */
  readonly round: number;
  readonly createdAt: string;
  readonly nextAttemptAt: string | null;
  readonly leaseUntil: string | null;
  readonly claimedBy: string | null;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly deliveredAt: string | null;
  readonly acknowledgedAt: string | null;
  /** Why a delivered delivery has no accepted receipt. */
  readonly receiptProblem: string | null;
  readonly deadAt: string | null;
  readonly deadReason: string | null;
  readonly discardedAt: string | null;
  readonly discardReason: string | null;
  readonly discardedBy: string | null;
}

/** The select list that DeliveryRow reads (table alias d). */
export const RECORD_COLUMNS = `d.id::text AS id, d.subscription_id, d.agency_id, d.event_id::text AS event_id, d.event_type, d.subject_id,
  d.sequence::text AS sequence, d.endpoint, d.status, d.attempts, d.round, d.created_at, d.next_attempt_at, d.lease_until, d.claimed_by,
  d.last_status_code, d.last_error, d.delivered_at, d.acknowledged_at, d.receipt_problem, d.dead_at, d.dead_reason, d.discarded_at,
  d.discard_reason, d.discarded_by`;

export interface DeliveryRow {
  id: string;
  subscription_id: string;
  agency_id: string;
  event_id: string;
  event_type: string;
  subject_id: string;
  sequence: string;
  endpoint: string;
  status: DeliveryStatus;
  attempts: number;
  round: number;
  created_at: Date;
  next_attempt_at: Date;
  lease_until: Date | null;
  claimed_by: string | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  acknowledged_at: Date | null;
  receipt_problem: string | null;
  dead_at: Date | null;
  dead_reason: string | null;
  discarded_at: Date | null;
  discard_reason: string | null;
  discarded_by: string | null;
}

export function toDeliveryRecord(row: DeliveryRow): DeliveryRecord {
  return {
    deliveryId: row.id,
    subscriptionId: row.subscription_id,
    agencyId: row.agency_id,
    eventId: row.event_id,
    eventType: row.event_type,
    subjectId: row.subject_id,
    sequence: toNumber(row.sequence),
    endpoint: row.endpoint,
    status: row.status,
    attempts: row.attempts,
    round: row.round,
    createdAt: isoTime(row.created_at) ?? '',
    nextAttemptAt: row.status === 'pending' ? isoTime(row.next_attempt_at) : null,
    leaseUntil: isoTime(row.lease_until),
    claimedBy: row.claimed_by,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    deliveredAt: isoTime(row.delivered_at),
    acknowledgedAt: isoTime(row.acknowledged_at),
    receiptProblem: row.receipt_problem,
    deadAt: isoTime(row.dead_at),
    deadReason: row.dead_reason,
    discardedAt: isoTime(row.discarded_at),
    discardReason: row.discard_reason,
    discardedBy: row.discarded_by,
  };
}
