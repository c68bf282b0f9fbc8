import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';

/** The SQLSTATEs after which the same transaction, run again from the start, may well commit. */
export const RETRIED_SQLSTATES = {
  '40P01': 'deadlock',
  '40001': 'serialization-failure',
} as const;

export type RetriedReason = (typeof RETRIED_SQLSTATES)[keyof typeof RETRIED_SQLSTATES];

/** One failed attempt about to be run again. */
export interface TransactionRetry {
  readonly reason: RetriedReason;
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: Error;
}

export interface RetryTransactionOptions {
  /** Attempts in all (the first one included); the last one's failure is thrown. */
  readonly attempts?: number;
  /** The longest wait before the second attempt; it doubles with each attempt, up to maxDelayMs. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly onRetry?: (retry: TransactionRetry) => void;
  /** [0, 1), for the jitter (specs give their own). */
  readonly random?: () => number;
}

export const DEFAULT_TRANSACTION_ATTEMPTS = 5;

/** Why PostgreSQL failed the transaction, when running it again may cure it (a deadlock or a serialization failure). */
export function retriedReasonOf(error: unknown): RetriedReason | undefined {
  const codes = [(error as { code?: unknown } | null)?.code, (error as { driverError?: { code?: unknown } } | null)?.driverError?.code];
  for (const code of codes)
    if (typeof code === 'string' && code in RETRIED_SQLSTATES) return RETRIED_SQLSTATES[code as keyof typeof RETRIED_SQLSTATES];
  return undefined;
}

/**
 * Runs `work` in a transaction and, when PostgreSQL fails it as a deadlock (40P01) or a
 * serialization failure (40001), runs it again from the start in a new transaction after a random
 * wait ("full jitter": up to baseDelayMs × 2^(attempt − 1), at most maxDelayMs), so two batches that
 * locked each other both commit, one a moment later, instead of the whole batch going back to Kafka.
 * Bounded: after `attempts` the last failure is thrown (the batch is then delivered again). `work`
 * must hold no state between attempts: everything it read in a failed attempt was rolled back.
 */
export async function transactionRetried<T>(
  dataSource: DataSource,
  work: (tx: EntityManager) => Promise<T>,
  options: RetryTransactionOptions = {},
): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? DEFAULT_TRANSACTION_ATTEMPTS);
  const base = options.baseDelayMs ?? 25;
  const max = options.maxDelayMs ?? 1_000;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction(work);
    } catch (error) {
      const reason = retriedReasonOf(error);
      if (reason === undefined || attempt >= attempts) throw error;
      const delayMs = Math.round(random() * Math.min(max, base * 2 ** (attempt - 1)));
      options.onRetry?.({ reason, attempt, delayMs, error: error as Error });
      if (delayMs > 0) await sleep(delayMs);
    }
  }
}
