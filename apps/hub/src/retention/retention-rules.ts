/**
 * What the hub retires once it is done with it, as one bounded DELETE per batch. Each rule keeps what
 * is still needed: a delivery whose outbox record has not been relayed or whose webhook is pending
 * or dead, each subscription's latest delivery, an event that a delivery, withholding or unrelayed
 * outbox record still refers to, and anything a running replay has yet to read (`$1` is the cutoff,
 * already moved back to the oldest running replay's position; `$2` the batch size).
 */
export interface RetentionRule {
  /** The key under which the run's audit row counts it. */
  readonly name: RetiredKind;
  /** Which setting gives its cutoff. */
  readonly cutoff: CutoffKind;
  readonly sql: string;
}

export type RetiredKind =
  | 'replays'
  | 'webhookDeliveries'
  | 'discardedWebhookDeliveries'
  | 'resolvedKafkaDeadLetters'
  | 'subscriptionDeliveries'
  | 'withholdings'
  | 'events';

export type CutoffKind = 'replays' | 'webhookDeliveries' | 'deadLetters' | 'subscriptionDeliveries' | 'withholdings' | 'events';

/** Rows are locked with SKIP LOCKED: a row another transaction is writing is left for the next run. */
export const RETENTION_RULES: readonly RetentionRule[] = [
  {
    name: 'replays',
    cutoff: 'replays',
    sql: `DELETE FROM subscription_replays WHERE id IN (
            SELECT id FROM subscription_replays
             WHERE status IN ('done', 'failed') AND finished_at < $1
             LIMIT $2 FOR UPDATE SKIP LOCKED)`,
  },
  {
    // Attempts and receipts go with their delivery (ON DELETE CASCADE); numbering lives in
    // webhook_subscription_sequences, so no delivery row is kept for it.
    name: 'webhookDeliveries',
    cutoff: 'webhookDeliveries',
    sql: `DELETE FROM webhook_deliveries WHERE id IN (
            SELECT id FROM webhook_deliveries
             WHERE status = 'delivered' AND delivered_at < $1
             ORDER BY delivered_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
  },
  {
    // A dead letter an operator discarded; one redriven is pending again and retires once delivered.
    name: 'discardedWebhookDeliveries',
    cutoff: 'deadLetters',
    sql: `DELETE FROM webhook_deliveries WHERE id IN (
            SELECT id FROM webhook_deliveries
             WHERE status = 'discarded' AND discarded_at < $1
             ORDER BY discarded_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
  },
  {
    // A parked Kafka record an operator redrove or discarded (the audit trail keeps what was done);
    // one still parked stays until someone acts on it.
    name: 'resolvedKafkaDeadLetters',
    cutoff: 'deadLetters',
    sql: `DELETE FROM dead_letters WHERE id IN (
            SELECT id FROM dead_letters
             WHERE resolution IS NOT NULL AND resolved_at < $1
             ORDER BY resolved_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
  },
  {
    name: 'subscriptionDeliveries',
    cutoff: 'subscriptionDeliveries',
    sql: `DELETE FROM subscription_deliveries d USING (
            SELECT d.subscription_id, d.sequence FROM subscription_deliveries d
             WHERE d.routed_at < $1
               AND d.sequence < (SELECT max(m.sequence) FROM subscription_deliveries m WHERE m.subscription_id = d.subscription_id)
               AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.event_id = d.event_id)
               AND NOT EXISTS (SELECT 1 FROM webhook_deliveries w
                                WHERE w.subscription_id = d.subscription_id::text AND w.event_id = d.event_id
                                  AND w.status IN ('pending', 'dead'))
             ORDER BY d.routed_at LIMIT $2 FOR UPDATE SKIP LOCKED) doomed
          WHERE d.subscription_id = doomed.subscription_id AND d.sequence = doomed.sequence`,
  },
  {
    name: 'withholdings',
    cutoff: 'withholdings',
    sql: `DELETE FROM subscription_withholdings w USING (
            SELECT subscription_id, event_id FROM subscription_withholdings
             WHERE withheld_at < $1
             ORDER BY withheld_at LIMIT $2 FOR UPDATE SKIP LOCKED) doomed
          WHERE w.subscription_id = doomed.subscription_id AND w.event_id = doomed.event_id`,
  },
  {
    // Last: an event goes once nothing refers to it any more.
    name: 'events',
    cutoff: 'events',
    sql: `DELETE FROM events WHERE id IN (
            SELECT e.id FROM events e
             WHERE e.received_at < $1
               AND NOT EXISTS (SELECT 1 FROM subscription_deliveries d WHERE d.event_id = e.id)
               AND NOT EXISTS (SELECT 1 FROM subscription_withholdings w WHERE w.event_id = e.id)
               AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.event_id = e.id)
             ORDER BY e.received_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
  },
];

/**
 * The oldest position a running replay may still read: its cursor, else its start time; a replay
 * from a sequence number that has not moved yet may read anything, so it holds back everything.
 * In seconds since the epoch (`-Infinity` for that case); NULL when no replay runs.
 */
export const RUNNING_REPLAY_FLOOR_SQL = `
  SELECT extract(epoch FROM min(coalesce(cursor_time, from_time, '-infinity'::timestamptz)))::text AS floor
    FROM subscription_replays WHERE status = 'running'`;
