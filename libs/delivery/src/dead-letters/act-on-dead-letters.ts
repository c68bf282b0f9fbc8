import type { DataSource, EntityManager } from 'typeorm';
import { select } from '../delivery-sql.js';
import { assertDeadLetter, CHUNK_SIZE, databaseNow, selectionConditions, type DeadLetterSelection } from './dead-letter-selection.js';
import { checkedLimit } from './delivery-filter.js';

/**
 * One chunk of a redrive or discard: changes at most `size` of the selected dead letters
 * dead-lettered by `startedAt`, audited in `tx`, and says how many it changed.
 */
export type DeadLetterChunk = (tx: EntityManager, startedAt: string, size: number) => Promise<number>;

/** How many dead letters an action changed, and how many of its selection are still dead letters. */
export interface DeadLetterActionResult {
  readonly acted: number;
  readonly remaining: number;
}

/**
 * Runs `chunk` over the selection, one transaction per chunk of CHUNK_SIZE, until the selection (as
 * it stood when the call began) is used up or the selection's `limit` is reached. `remaining` is
 * counted in the last chunk's transaction: the dead letters of the selection this call left,
 * including any dead-lettered while it ran. A single-delivery selection first checks (and locks)
 * the delivery, throwing DELIVERY_NOT_FOUND or DELIVERY_NOT_DEAD_LETTER.
 */
export async function actOnDeadLetters(
  dataSource: DataSource,
  selection: DeadLetterSelection,
  action: 'redriven' | 'discarded',
  chunk: DeadLetterChunk,
): Promise<DeadLetterActionResult> {
  const single = 'deliveryId' in selection;
  const limit = single || selection.limit === undefined ? Number.POSITIVE_INFINITY : checkedLimit(selection.limit);
  const startedAt = await databaseNow(dataSource);
  let acted = 0;
  for (;;) {
    const size = Math.min(CHUNK_SIZE, limit - acted);
    const outcome = await dataSource.transaction(async (tx) => {
      if (single) await assertDeadLetter(tx, selection.deliveryId, action);
      const changed = await chunk(tx, startedAt, size);
      const last = single || changed < size || acted + changed >= limit;
      return { changed, remaining: last ? await countDeadLetters(tx, selection) : undefined };
    });
    acted += outcome.changed;
    if (outcome.remaining !== undefined) return { acted, remaining: outcome.remaining };
  }
}

async function countDeadLetters(tx: EntityManager, selection: DeadLetterSelection): Promise<number> {
  const parameters: unknown[] = [];
  const conditions = selectionConditions(selection, undefined, parameters);
  const [row] = await select<{ n: number }>(
    tx,
    `SELECT count(*)::int AS n FROM webhook_deliveries d WHERE ${conditions.join(' AND ')}`,
    parameters,
  );
  return row?.n ?? 0;
}
