import { isRefusedByDatabase } from './refused-by-database.js';

/** How to apply records, combine outcomes and turn a refused record into a dead letter. */
export interface IsolateRefusedSteps<R, O> {
  /** Applies these records in one transaction. */
  readonly apply: (records: readonly R[]) => Promise<O>;
  readonly merge: (a: O, b: O) => O;
  readonly empty: () => O;
  /** The record as poison, with the database's refusal as its reason (applied on its own). */
  readonly refused: (record: R, error: Error) => R;
}

/**
 * Applies a batch in one transaction; when the database refuses the data of some record
 * (isRefusedByDatabase), applies the records one at a time instead, and each one refused again
 * goes in as poison, so it is dead-lettered and never stalls the records behind it. Any other
 * failure (database unreachable) propagates, and Kafka delivers the batch again.
 */
export async function applyIsolatingRefused<R, O>(records: readonly R[], steps: IsolateRefusedSteps<R, O>): Promise<O> {
  try {
    return await steps.apply(records);
  } catch (error) {
    if (!isRefusedByDatabase(error)) throw error;
  }
  let outcome = steps.empty();
  for (const record of records) {
    try {
      outcome = steps.merge(outcome, await steps.apply([record]));
    } catch (error) {
      if (!isRefusedByDatabase(error)) throw error;
      outcome = steps.merge(outcome, await steps.apply([steps.refused(record, error as Error)]));
    }
  }
  return outcome;
}
