import type { DataSource } from 'typeorm';
import type { DeliveryAuditPort } from '../delivery-ports.js';
import { applyOutcomes, type AttemptOutcomeRecord } from './apply-outcomes.js';

interface Waiting {
  readonly outcome: AttemptOutcomeRecord;
  readonly resolve: (applied: boolean) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Records attempt outcomes in batches: the outcomes that finish while a transaction is being
 * written (or in the same turn of the event loop) go together into the next one, up to `maxBatch`,
 * so a busy worker pays one commit for many deliveries instead of one each. Up to `writers`
 * transactions are written at once (on separate connections), so one waiting for its commit does
 * not hold back the next batch; their deliveries are disjoint, so they never wait on each other. Each outcome's promise
 * settles when its transaction has committed. When a batch fails, its outcomes are written again one
 * per transaction, so one outcome that cannot be written does not hold back the others.
 */
export class OutcomeRecorder {
  private readonly waiting: Waiting[] = [];
  private writing = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: DeliveryAuditPort,
    private readonly actor: string,
    private readonly maxBatch: number,
    private readonly writers: number,
  ) {}

  /** Resolves to whether the outcome was applied (false: the claim had been superseded); rejects when it cannot be written. */
  record(outcome: AttemptOutcomeRecord): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ outcome, resolve, reject });
      if (this.writing < this.writers) {
        this.writing += 1;
        setImmediate(() => void this.writeAll());
      }
    });
  }

  private async writeAll(): Promise<void> {
    try {
      while (this.waiting.length > 0) await this.write(this.waiting.splice(0, this.maxBatch));
    } finally {
      this.writing -= 1;
    }
  }

  private async write(batch: readonly Waiting[]): Promise<void> {
    try {
      const applied = await this.transaction(batch.map((entry) => entry.outcome));
      batch.forEach((entry, n) => entry.resolve(applied[n] ?? false));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const entry of batch) {
        await this.transaction([entry.outcome]).then(
          ([applied]) => entry.resolve(applied ?? false),
          (alone: unknown) => entry.reject(alone),
        );
      }
    }
  }

  private transaction(outcomes: readonly AttemptOutcomeRecord[]): Promise<boolean[]> {
    return this.dataSource.transaction((tx) => applyOutcomes(tx, outcomes, this.audit, this.actor));
  }
}
