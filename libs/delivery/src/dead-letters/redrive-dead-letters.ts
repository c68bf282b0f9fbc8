import type { DataSource, EntityManager } from 'typeorm';
import { auditColumns, auditEntry, DELIVERY_AUDIT_ACTIONS, type AuditColumns } from '../delivery-audit.js';
import type { DeliveryAuditPort } from '../delivery-ports.js';
import { notifyWorkers, select } from '../delivery-sql.js';
import { actOnDeadLetters } from './act-on-dead-letters.js';
import { assertActor, selectionConditions, type DeadLetterSelection } from './dead-letter-selection.js';

/**
 * Puts dead letters back to pending: attempt counter reset, a new round whose max age starts now,
 * due at once. They keep their delivery id (so Idempotency-Key), sequence number and place in
 * their subject's order: a redriven delivery goes out before any later pending delivery of its
 * subject, and several redriven deliveries of one subject go out in sequence order (also across
 * calls with a `limit`, which take each subscription's lowest sequences first). Audited in each
 * chunk's transaction. A single-delivery selection throws DELIVERY_NOT_FOUND or
 * DELIVERY_NOT_DEAD_LETTER. Returns how many were redriven and how many dead letters of the
 * selection remain.
 */
export async function redriveDeadLetters(
  dataSource: DataSource,
  selection: DeadLetterSelection,
  actor: string,
  audit: DeliveryAuditPort,
): Promise<{ redriven: number; remaining: number }> {
  assertActor(actor);
  const { acted, remaining } = await actOnDeadLetters(dataSource, selection, 'redriven', (tx, startedAt, size) =>
    redriveChunk(tx, selection, startedAt, size, actor, audit),
  );
  return { redriven: acted, remaining };
}

async function redriveChunk(
  tx: EntityManager,
  selection: DeadLetterSelection,
  startedAt: string,
  size: number,
  actor: string,
  audit: DeliveryAuditPort,
): Promise<number> {
  const parameters: unknown[] = [];
  const conditions = selectionConditions(selection, startedAt, parameters);
  parameters.push(size);
  // Oldest sequence first, so across chunks a subject's earlier deliveries are pending no later than its later ones.
  const rows = await select<AuditColumns & { previous_reason: string }>(
    tx,
    `WITH picked AS (
       SELECT d.id, d.dead_reason FROM webhook_deliveries d WHERE ${conditions.join(' AND ')}
        ORDER BY d.subscription_id, d.sequence LIMIT $${parameters.length} FOR UPDATE
     )
     UPDATE webhook_deliveries d
        SET status = 'pending', attempts = 0, round = d.round + 1, round_started_at = clock_timestamp(),
            next_attempt_at = clock_timestamp(), dead_at = NULL, dead_reason = NULL, updated_at = clock_timestamp()
       FROM picked WHERE d.id = picked.id
     RETURNING ${auditColumns('d')}, picked.dead_reason AS previous_reason`,
    parameters,
  );
  if (rows.length === 0) return 0;
  await audit.record(
    rows.map((row) => auditEntry(DELIVERY_AUDIT_ACTIONS.redriven, actor, row, { reason: row.previous_reason })),
    tx,
  );
  await notifyWorkers(tx);
  return rows.length;
}
