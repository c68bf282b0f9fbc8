import { select, toNumber, type DeliverySql } from '../delivery-sql.js';

/** A delivery a worker has taken, under a lease, for one attempt. */
export interface ClaimedDelivery {
  readonly deliveryId: string;
  /** Fences the attempt: its outcome is applied only while the delivery still carries this token. */
  readonly claimToken: string;
  /** This attempt's number in the round (1 = first). */
  readonly attempt: number;
  readonly round: number;
  readonly subscriptionId: string;
  readonly agencyId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly sequence: number;
  readonly endpoint: string;
  readonly payload: string;
  /** The subscription's Standard Webhooks secrets as stored (maybe encrypted): the current one, then a rotated-out one still in its grace period. */
  readonly secrets: readonly string[];
  /** Time since the round began (enqueue or redrive), when claimed. */
  readonly ageMs: number;
}

export interface ClaimOptions {
  readonly limit: number;
  readonly leaseMs: number;
  readonly workerId: string;
  /** A claim past this count records no attempt: the worker dead-letters it unsent. */
  readonly maxAttempts: number;
}

interface ClaimedRow {
  id: string;
  claim_token: string;
  attempts: number;
  round: number;
  subscription_id: string;
  agency_id: string;
  event_id: string;
  event_type: string;
  sequence: string;
  endpoint: string;
  payload: string;
  age_ms: string;
  secret: string | null;
  previous_secret: string | null;
}

/**
 * Takes up to `limit` due deliveries under a lease, in one statement. A pending delivery is due when
 * its next attempt time has come, no live lease holds it, and it heads its (subscription, subject):
 * no other pending delivery of that pair has a lower sequence or a live lease. So one subject's
 * deliveries go out one at a time in sequence order, while a failing subject holds back only itself.
 * `FOR UPDATE SKIP LOCKED` lets several workers claim side by side; an expired lease (a worker that
 * died mid-attempt) makes the delivery due again, and its unfinished attempt is marked abandoned.
 * Each claim comes with its subscription's Standard Webhooks secrets (see openWebhookSecrets).
 * An unfinished attempt can only be the one of the claim the delivery still carries (every outcome
 * finishes its attempt and clears the claim in one statement), so it is found by that token, the
 * attempts' primary key, rather than by scanning attempts for unfinished rows.
 * Ordered by next attempt time alone, which the due index gives, so the scan stops after `limit`
 * rows: a second key (sequence) made PostgreSQL read and probe every row sharing the first row's
 * time (a whole enqueue transaction, hundreds of rows) before taking any. Order within a subject is
 * the NOT EXISTS rule's, not the ORDER BY's.
 */
export async function claimDueDeliveries(db: DeliverySql, options: ClaimOptions): Promise<ClaimedDelivery[]> {
  if (options.limit <= 0) return [];
  const rows = await select<ClaimedRow>(
    db,
    `WITH due AS (
       SELECT d.id, d.claim_token AS previous_token FROM webhook_deliveries d
        WHERE d.status = 'pending'
          AND d.next_attempt_at <= now()
          AND (d.lease_until IS NULL OR d.lease_until <= now())
          AND NOT EXISTS (
            SELECT 1 FROM webhook_deliveries e
             WHERE e.subscription_id = d.subscription_id AND e.subject_id = d.subject_id AND e.status = 'pending'
               AND e.id <> d.id AND (e.sequence < d.sequence OR e.lease_until > now()))
        ORDER BY d.next_attempt_at
        LIMIT $1
        FOR UPDATE OF d SKIP LOCKED
     ),
     claimed AS (
       UPDATE webhook_deliveries d
          SET attempts = d.attempts + 1, lease_until = now() + make_interval(secs => $2::double precision / 1000),
              claim_token = gen_random_uuid(), claimed_by = $3, updated_at = now()
         FROM due WHERE d.id = due.id
       RETURNING d.id, d.claim_token, d.attempts, d.round, d.subscription_id, d.agency_id, d.event_id, d.event_type, d.sequence,
                 d.endpoint, d.payload, round(extract(epoch FROM now() - d.round_started_at) * 1000) AS age_ms
     ),
     abandoned AS (
       UPDATE webhook_delivery_attempts a
          SET finished_at = now(), outcome = 'abandoned', error_code = 'LEASE_EXPIRED',
              error_message = 'the worker gave no outcome before its lease ran out (stopped, killed or cut off from the database)'
        WHERE a.claim_token = ANY (ARRAY(SELECT previous_token FROM due WHERE previous_token IS NOT NULL)) AND a.finished_at IS NULL
     ),
     started AS (
       INSERT INTO webhook_delivery_attempts (claim_token, delivery_id, round, attempt, worker, started_at)
       SELECT claim_token, id, round, attempts, $3, now() FROM claimed WHERE attempts <= $4
     )
     SELECT c.id::text, c.claim_token::text, c.attempts, c.round, c.subscription_id, c.agency_id, c.event_id::text, c.event_type,
            c.sequence::text, c.endpoint, c.payload, c.age_ms::text, s.secret,
            CASE WHEN s.previous_until > now() THEN s.previous_secret END AS previous_secret
       FROM claimed c
       LEFT JOIN webhook_secrets s ON s.subscription_id = split_part(c.subscription_id, ':', 1)`,
    [options.limit, options.leaseMs, options.workerId, options.maxAttempts],
  );
  return rows.map((row) => ({
    deliveryId: row.id,
    claimToken: row.claim_token,
    attempt: row.attempts,
    round: row.round,
    subscriptionId: row.subscription_id,
    agencyId: row.agency_id,
    eventId: row.event_id,
    eventType: row.event_type,
    sequence: toNumber(row.sequence),
    endpoint: row.endpoint,
    payload: row.payload,
    secrets: [row.secret, row.previous_secret].filter((secret) => secret !== null),
    ageMs: Math.max(0, Number(row.age_ms)),
  }));
}
