import type { DataSource, EntityManager } from 'typeorm';
import { auditColumns, auditEntry, DELIVERY_AUDIT_ACTIONS, type AuditColumns } from '../delivery-audit.js';
import type { DeliveryAuditPort } from '../delivery-ports.js';
import { select } from '../delivery-sql.js';
import { DeliveryError, DELIVERY_ERROR_CODES } from '../delivery.errors.js';
import {
  assertActor,
  assertDeadLetter,
  CHUNK_SIZE,
  databaseNow,
  selectionConditions,
  type DeadLetterSelection,
} from './dead-letter-selection.js';

/**
 * Gives dead letters up for good, recording why and who decided (the dead-letter reason and every
 * attempt stay on record). Audited in each chunk's transaction. A single-delivery selection throws
 * DELIVERY_NOT_FOUND or DELIVERY_NOT_DEAD_LETTER; bulk selections return how many were discarded.
 */
export async function discardDeadLetters(
  dataSource: DataSource,
  selection: DeadLetterSelection,
  reason: string,
  actor: string,
  audit: DeliveryAuditPort,
): Promise<{ discarded: number }> {
  assertActor(actor);
  const trimmed = typeof reason === 'string' ? reason.trim() : '';
  if (trimmed.length === 0 || trimmed.length > 500) {
    throw new DeliveryError(
      DELIVERY_ERROR_CODES.reasonInvalid,
      'A discard needs a reason of 1–500 characters, saying why the delivery is given up.',
    );
  }
  const startedAt = await databaseNow(dataSource);
  let discarded = 0;
  for (;;) {
    const chunk = await dataSource.transaction(async (tx) => {
      if ('deliveryId' in selection) await assertDeadLetter(tx, selection.deliveryId, 'discarded');
      return discardChunk(tx, selection, startedAt, trimmed, actor, audit);
    });
    discarded += chunk;
    if (chunk < CHUNK_SIZE || 'deliveryId' in selection) return { discarded };
  }
}

async function discardChunk(
  tx: EntityManager,
  selection: DeadLetterSelection,
  startedAt: string,
  reason: string,
  actor: string,
  audit: DeliveryAuditPort,
): Promise<number> {
  const parameters: unknown[] = [];
  const conditions = selectionConditions(selection, startedAt, parameters);
  parameters.push(CHUNK_SIZE, reason, actor);
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
