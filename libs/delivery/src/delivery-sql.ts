/**
 * Anything that runs SQL with positional parameters and resolves to the result rows: a TypeORM
 * DataSource, EntityManager or QueryRunner (for SELECT and … RETURNING statements).
 */
export interface DeliverySql {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM's own signature
  query(sql: string, parameters?: any[]): Promise<unknown>;
}

/**
 * The rows a statement returns. TypeORM answers an UPDATE or DELETE (also one under a WITH) with
 * `[rows, rowCount]` instead of the rows; rows are objects, never arrays, so that shape is unambiguous.
 */
export async function select<T>(db: DeliverySql, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const result = (await db.query(sql, parameters)) as unknown[];
  if (result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/** The LISTEN channel woken when deliveries become due (enqueue, redrive); notified at commit. */
export const DELIVERY_CHANNEL = 'webhook_deliveries_ready';

export async function notifyWorkers(db: DeliverySql): Promise<void> {
  await db.query(`SELECT pg_notify($1, '')`, [DELIVERY_CHANNEL]);
}

/** A bigint column read as text, as a JavaScript number (sequence numbers stay far below 2^53). */
export function toNumber(text: string | number): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`${text} is beyond JavaScript's safe integers`);
  return value;
}

export function isoTime(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
