import { DELIVERY_AUDIT_ACTIONS, type DeliveryAuditAction, type DeliveryAuditEntry } from './delivery-ports.js';
import { toNumber } from './delivery-sql.js';

/** The actor of the worker's own transitions. */
export const WORKER_ACTOR = 'system:webhook-delivery';

/** The select list a statement returns so its transitions can be audited (RETURNING or SELECT), on `table` (a name or alias). */
export function auditColumns(table: string): string {
  return `${table}.id::text AS id, ${table}.subscription_id, ${table}.agency_id, ${table}.event_id::text AS event_id, ${table}.event_type,
    ${table}.sequence::text AS sequence, ${table}.attempts, ${table}.last_status_code`;
}

export interface AuditColumns {
  id: string;
  subscription_id: string;
  agency_id: string;
  event_id: string;
  event_type: string;
  sequence: string;
  attempts: number;
  last_status_code: number | null;
}

export function auditEntry(
  action: DeliveryAuditAction,
  actor: string,
  row: AuditColumns,
  extra: { readonly reason?: string | null; readonly receiptKeyId?: string | null } = {},
): DeliveryAuditEntry {
  return {
    actor,
    action,
    eventId: row.event_id,
    detail: {
      deliveryId: row.id,
      subscriptionId: row.subscription_id,
      agency: row.agency_id,
      eventType: row.event_type,
      sequence: toNumber(row.sequence),
      attempts: row.attempts,
      statusCode: row.last_status_code,
      reason: extra.reason ?? null,
      receiptKeyId: extra.receiptKeyId ?? null,
    },
  };
}

export { DELIVERY_AUDIT_ACTIONS };
