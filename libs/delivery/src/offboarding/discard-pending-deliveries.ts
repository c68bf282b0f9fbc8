import { select, type DeliverySql } from '../delivery-sql.js';

/**
 * Discards every webhook delivery still pending for the agency (its agency was offboarded), in the
 * caller's transaction: no worker claims them afterwards, and an attempt already under way records
 * no outcome (only a pending delivery takes one). Returns how many were discarded.
 */
export async function discardPendingDeliveriesOf(db: DeliverySql, agencyId: string, reason: string): Promise<number> {
  const rows = await select<{ id: string }>(
    db,
    `UPDATE webhook_deliveries
        SET status = 'discarded', discarded_at = clock_timestamp(), discard_reason = $2, updated_at = now()
      WHERE agency_id = $1 AND status = 'pending'
      RETURNING id::text`,
    [agencyId, reason],
  );
  return rows.length;
}
