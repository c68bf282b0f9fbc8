/**
 * SQLSTATE classes of failures that pass with time and say nothing about the record: connection
 * (08), resources (53), operator intervention (57), rollback by deadlock or serialization (40),
 * lock not available (55), system (58).
 */
const PASSING_SQLSTATE_CLASSES = new Set(['08', '53', '57', '40', '55', '58']);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, driverError } = error as { code?: unknown; driverError?: { code?: unknown } };
  const found = typeof code === 'string' ? code : driverError?.code;
  return typeof found === 'string' ? found : undefined;
}

/**
 * Whether a failure may be the record's own fault, so that retrying it counts toward parking it:
 * not when Kafka failed, nor when the database failed for a reason that passes (see above) or is
 * not answering at all (`databaseAnswers` false), because then every record would fail alike.
 */
export function countsAgainstRecord(error: unknown, databaseAnswers: boolean): boolean {
  if (!databaseAnswers) return false;
  if (error instanceof Error && error.name.startsWith('KafkaJS')) return false;
  const code = codeOf(error);
  if (code === undefined) return true;
  if (/^[0-9A-Z]{5}$/.test(code)) return !PASSING_SQLSTATE_CLASSES.has(code.slice(0, 2));
  // A Node system error (ECONNRESET, ETIMEDOUT…) is the network's, not the record's.
  return !/^E[A-Z]+$/.test(code);
}

/** The wait before the `attempt`-th try of a failed record again: 250 ms doubling, at most 5 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(5_000, 250 * 2 ** Math.max(0, attempt - 1));
}

/** Tries per record (`partition/offset`) that failed, kept until it succeeds or is parked. */
export class RecordAttempts {
  private readonly tries = new Map<string, number>();

  /** Counts one more failed try and returns the count. */
  failed(partition: number, offset: string): number {
    const key = `${partition}/${offset}`;
    const count = (this.tries.get(key) ?? 0) + 1;
    this.tries.set(key, count);
    return count;
  }

  /** How many tries failed so far. */
  count(partition: number, offset: string): number {
    return this.tries.get(`${partition}/${offset}`) ?? 0;
  }

  /** Forgets a record that went through or was parked. */
  settled(partition: number, offset: string): void {
    this.tries.delete(`${partition}/${offset}`);
  }
}

/** What becomes of a record whose dispatch just failed. */
export interface FailedRecordVerdict {
  /** Park it now: it failed `maxAttempts` times for a reason of its own. */
  readonly park: boolean;
  /** Otherwise (or when parking fails too) the pause before Kafka hands it over again. */
  readonly delayMs: number;
  /** Failures in a row that were not the records' own, counting this one. */
  readonly passingFailures: number;
}

/**
 * Judges a failed try: one that `counted` against the record (see countsAgainstRecord) is its
 * `tries`-th, and parks it at `maxAttempts`, the pause growing with its tries; one that did not
 * leaves the record's count alone and the pause grows with the failures of that kind in a row.
 */
export function judgeFailedRecord(counted: boolean, tries: number, maxAttempts: number, passingFailures: number): FailedRecordVerdict {
  if (counted) return { park: tries >= maxAttempts, delayMs: retryDelayMs(tries), passingFailures };
  return { park: false, delayMs: retryDelayMs(passingFailures + 1), passingFailures: passingFailures + 1 };
}
