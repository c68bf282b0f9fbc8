import type { DataSource, EntityManager } from 'typeorm';
import { auditColumns, auditEntry, DELIVERY_AUDIT_ACTIONS, type AuditColumns } from '../delivery-audit.js';
import type { DeliveryAuditPort } from '../delivery-ports.js';
import { select } from '../delivery-sql.js';
import { DeliveryError, DELIVERY_ERROR_CODES } from '../delivery.errors.js';
import { actOnDeadLetters } from './act-on-dead-letters.js';
import { assertActor, selectionConditions, type DeadLetterSelection } from './dead-letter-selection.js';

/**
 * Gives dead letters up for good, recording why and who decided (the dead-letter reason and every
 * attempt stay on record). Audited in each chunk's transaction. A single-delivery selection throws
 * DELIVERY_NOT_FOUND or DELIVERY_NOT_DEAD_LETTER. Returns how many were discarded and how many dead
 * letters of the selection remain (with a `limit`, lowest sequences of each subscription go first).
 */
export async function discardDeadLetters(
  dataSource: DataSource,
  selection: DeadLetterSelection,
  reason: string,
  actor: string,
  audit: DeliveryAuditPort,
): Promise<{ discarded: number; remaining: number }> {
  assertActor(actor);
  const trimmed = typeof reason === 'string' ? reason.trim() : '';
  if (trimmed.length === 0 || trimmed.length > 500) {
    throw new DeliveryError(
      DELIVERY_ERROR_CODES.reasonInvalid,
      'A discard needs a reason of 1–500 characters, saying why the delivery is given up.',
    );
  }
  const { acted, remaining } = await actOnDeadLetters(dataSource, selection, 'discarded', (tx, startedAt, size) =>
    discardChunk(tx, selection, startedAt, size, trimmed, actor, audit),
  );
  return { discarded: acted, remaining };
}

async function discardChunk(
  tx: EntityManager,
  selection: DeadLetterSelection,
  startedAt: string,
  size: number,
  reason: string,
  actor: string,
  audit: DeliveryAuditPort,
): Promise<number> {
  const parameters: unknown[] = [];
  const conditions = selectionConditions(selection, startedAt, parameters);
  parameters.push(size, reason, actor);
  const n = parameters.length;
  const rows = await select<AuditColumns>(
    tx,
    `WITH picked AS (
       SELECT d.id FROM webhook_deliveries d WHERE ${conditions.join(' AND ')}
        ORDER BY d.subscription_id, d.sequence LIMIT $${n - 2} FOR UPDATE
     )
     UPDATE webhook_deliveries d
        SET status = 'discarded', discarded_at = clock_timestamp(), discard_reason = $${n - 1}, discarded_by = $${n},
            updated_at = clock_timestamp()
       FROM picked WHERE d.id = picked.id
     RETURNING ${auditColumns('d')}`,
    parameters,
  );
  if (rows.length > 0)
    await audit.record(
      rows.map((row) => auditEntry(DELIVERY_AUDIT_ACTIONS.discarded, actor, row, { reason })),
      tx,
    );
  return rows.length;
}
