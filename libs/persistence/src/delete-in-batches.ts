/** How much one retention pass deletes: rows per statement, and statements per pass. */
export interface BatchLimits {
  readonly batchSize: number;
  /** A larger backlog is left to the next pass, so one pass never runs for long. */
  readonly maxBatches: number;
}

/**
 * Runs `deleteBatch` (one DELETE of at most `batchSize` rows, resolving to how many it removed)
 * again and again until it removes fewer than a full batch or `maxBatches` ran, and returns the
 * total. Each batch is its own short statement or transaction, so retention never holds locks on a
 * busy table for long.
 */
export async function deleteInBatches(deleteBatch: () => Promise<number>, limits: BatchLimits): Promise<number> {
  let total = 0;
  for (let batch = 0; batch < limits.maxBatches; batch += 1) {
    const deleted = await deleteBatch();
    total += deleted;
    if (deleted < limits.batchSize) break;
  }
  return total;
}

/** The row count of a DELETE run through TypeORM's `query`, which answers `[rows, affected]`. */
export function deletedCount(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}
