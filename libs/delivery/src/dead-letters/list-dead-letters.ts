import { select, type DeliverySql } from '../delivery-sql.js';
import { RECORD_COLUMNS, toDeliveryRecord, type DeliveryRecord, type DeliveryRow } from './delivery-record.js';
import {
  cursorColumn,
  filterConditions,
  pageClauses,
  toPage,
  type DeadLetterFilter,
  type Page,
  type PageRequest,
} from './delivery-filter.js';

/** Dead letters matching the filter, most recently dead-lettered first. */
export async function listDeadLetters(
  db: DeliverySql,
  filter: DeadLetterFilter = {},
  page: PageRequest = {},
): Promise<Page<DeliveryRecord>> {
  const parameters: unknown[] = [];
  const conditions = [`d.status = 'dead'`, ...filterConditions(filter, 'dead_at', parameters)];
  const paging = pageClauses(page, 'dead_at', parameters);
  if (paging.condition) conditions.push(paging.condition);
  const rows = await select<DeliveryRow & { page_cursor: string }>(
    db,
    `SELECT ${RECORD_COLUMNS}, ${cursorColumn('dead_at')} FROM webhook_deliveries d WHERE ${conditions.join(' AND ')} ${paging.orderAndLimit}`,
    parameters,
  );
  return toPage(rows, paging.limit, toDeliveryRecord);
}
