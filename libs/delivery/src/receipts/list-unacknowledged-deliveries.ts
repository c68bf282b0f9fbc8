import { select, type DeliverySql } from '../delivery-sql.js';
import { RECORD_COLUMNS, toDeliveryRecord, type DeliveryRecord, type DeliveryRow } from '../dead-letters/delivery-record.js';
import {
  cursorColumn,
  filterConditions,
  pageClauses,
  toPage,
  type DeliveryFilter,
  type Page,
  type PageRequest,
} from '../dead-letters/delivery-filter.js';

/**
 * Deliveries the receiver answered with 2xx but no accepted receipt (none, malformed, or a
 * signature the registry refused; `receiptProblem` says which), most recently delivered first.
 */
export async function listUnacknowledgedDeliveries(
  db: DeliverySql,
  filter: DeliveryFilter = {},
  page: PageRequest = {},
): Promise<Page<DeliveryRecord>> {
  const parameters: unknown[] = [];
  const { subscriptionId, agencyId, eventType, from, to } = filter;
  const conditions = [
    `d.status = 'delivered'`,
    'd.acknowledged_at IS NULL',
    ...filterConditions({ subscriptionId, agencyId, eventType, from, to }, 'delivered_at', parameters),
  ];
  const paging = pageClauses(page, 'delivered_at', parameters);
  if (paging.condition) conditions.push(paging.condition);
  const rows = await select<DeliveryRow & { page_cursor: string }>(
    db,
    `SELECT ${RECORD_COLUMNS}, ${cursorColumn('delivered_at')} FROM webhook_deliveries d WHERE ${conditions.join(' AND ')} ${paging.orderAndLimit}`,
    parameters,
  );
  return toPage(rows, paging.limit, toDeliveryRecord);
}
