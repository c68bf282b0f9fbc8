import { UUID_FORMAT } from '@hub/contracts';
import type { EntityManager } from 'typeorm';
import { select, type DeliverySql } from '../delivery-sql.js';
import { DeliveryError, DELIVERY_ERROR_CODES } from '../delivery.errors.js';
import { filterConditions, type DeadLetterFilter } from './delivery-filter.js';

/**
 * Which dead letters a redrive or discard acts on: one, those matching a filter, or all. A bulk
 * selection may carry `limit` (1–1000): the call then acts on at most that many, lowest sequence of
 * each subscription first, and the rest stay for the next call.
 */
export type DeadLetterSelection =
  | { readonly deliveryId: string }
  | { readonly filter: DeadLetterFilter; readonly limit?: number }
  | { readonly all: true; readonly limit?: number };

/** Who acts: `admin:<id>`, `agency:<id>` or `system:<component>`, as the audit trail records actors. */
export const ACTOR_FORMAT = /^(agency|admin|system):[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}$/;

/** Dead letters are changed in chunks of this many, one transaction each. */
export const CHUNK_SIZE = 500;

export function assertActor(actor: string): void {
  if (!ACTOR_FORMAT.test(actor)) {
    throw new DeliveryError(
      DELIVERY_ERROR_CODES.requestInvalid,
      `actor "${actor.slice(0, 80)}" must look like admin:<id>, agency:<id> or system:<component>`,
    );
  }
}

/**
 * The conditions (on alias d) that pick the selected dead letters, their parameters appended. With
 * `startedAt`, a bulk selection takes only rows dead-lettered by then: a delivery that dies again
 * while the action runs is not picked up a second time.
 */
export function selectionConditions(selection: DeadLetterSelection, startedAt: string | undefined, parameters: unknown[]): string[] {
  if ('deliveryId' in selection) {
    parameters.push(selection.deliveryId);
    return [`d.status = 'dead'`, `d.id = $${parameters.length}::uuid`];
  }
  const conditions = [`d.status = 'dead'`];
  if (startedAt !== undefined) {
    parameters.push(startedAt);
    conditions.push(`d.dead_at <= $${parameters.length}::timestamptz`);
  }
  return 'all' in selection ? conditions : [...conditions, ...filterConditions(selection.filter, 'dead_at', parameters)];
}

/** The database's clock now, as text with microseconds. */
export async function databaseNow(db: DeliverySql): Promise<string> {
  const [row] = await select<{ now: string }>(
    db,
    `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS now`,
  );
  return row?.now ?? new Date().toISOString();
}

/** For a single-delivery selection: throws unless the delivery exists and is a dead letter (locking it). */
export async function assertDeadLetter(tx: EntityManager, deliveryId: string, action: string): Promise<void> {
  const [row] = UUID_FORMAT.test(deliveryId)
    ? await select<{ status: string }>(tx, 'SELECT status FROM webhook_deliveries WHERE id = $1::uuid FOR UPDATE', [deliveryId])
    : [];
  if (!row) throw new DeliveryError(DELIVERY_ERROR_CODES.notFound, `No delivery has id ${deliveryId}.`, { deliveryId });
  if (row.status !== 'dead') {
    throw new DeliveryError(
      DELIVERY_ERROR_CODES.notDeadLetter,
      `Delivery ${deliveryId} is ${row.status}, not a dead letter, so it cannot be ${action}.`,
      { deliveryId, status: row.status },
    );
  }
}
