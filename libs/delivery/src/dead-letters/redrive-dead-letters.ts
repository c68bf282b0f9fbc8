import type { DataSource, EntityManager } from 'typeorm';
import { auditColumns, auditEntry, DELIVERY_AUDIT_ACTIONS, type AuditColumns } from '../delivery-audit.js';
import type { DeliveryAuditPort } from '../delivery-ports.js';
import { notifyWorkers, select } from '../delivery-sql.js';
import {
  assertActor,
  assertDeadLetter,
  CHUNK_SIZE,
  databaseNow,
  selectionConditions,
  type DeadLetterSelection,
} from './dead-letter-selection.js';

/**
 * Puts dead letters back to pending: attempt counter reset, a new round whose max age starts now,
 * due at once. They keep their delivery id (so Idempotency-Key), sequence number and place in
 * their subject's order: a redriven delivery goes out before any later pending delivery of its
 * subject, and several redriven deliveries of one subject go out in sequence order. Audited in
 * each chunk's transaction. A single-delivery selection throws DELIVERY_NOT_FOUND or
 * DELIVERY_NOT_DEAD_LETTER; bulk selections return how many were redriven.
 */
export async function redriveDeadLetters(
  dataSource: DataSource,
  selection: DeadLetterSelection,
  actor: string,
  audit: DeliveryAuditPort,
): Promise<{ redriven: number }> {
  assertActor(actor);
  const startedAt = await databaseNow(dataSource);
  let redriven = 0;
  for (;;) {
    const chunk = await dataSource.transaction(async (tx) => {
      if ('deliveryId' in selection) await assertDeadLetter(tx, selection.deliveryId, 'redriven');
      return redriveChunk(tx, selection, startedAt, actor, audit);
    });
    redriven += chunk;
    if (chunk < CHUNK_SIZE || 'deliveryId' in selection) return { redriven };
  }
}

async function redriveChunk(
  tx: EntityManager,
  selection: DeadLetterSelection,
  startedAt: string,
  actor: string,
  audit: DeliveryAuditPort,
): Promise<number> {
  const parameters: unknown[] = [];
  const conditions = selectionConditions(selection, startedAt, parameters);
  parameters.push(CHUNK_SIZE);
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
