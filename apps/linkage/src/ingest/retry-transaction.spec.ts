import { describe, expect, it } from '@jest/globals';
import type { DataSource, EntityManager } from 'typeorm';
import { retriedReasonOf, transactionRetried, type TransactionRetry } from './retry-transaction.js';

/** A DataSource whose transactions fail with the given errors, in turn, then succeed. */
function failing(...errors: Error[]): { dataSource: DataSource; runs: () => number } {
  let runs = 0;
  const dataSource = {
    transaction: async <T>(work: (tx: EntityManager) => Promise<T>): Promise<T> => {
      const error = errors[runs++];
      if (error !== undefined) throw error;
      return work({} as EntityManager);
    },
  } as unknown as DataSource;
  return { dataSource, runs: () => runs };
}

const pgError = (code: string): Error => Object.assign(new Error(`failed with ${code}`), { code });
/** As TypeORM wraps it: the driver's error under driverError. */
const wrapped = (code: string): Error => Object.assign(new Error('QueryFailedError'), { driverError: { code } });

describe('transactionRetried', () => {
  it('runs a transaction PostgreSQL failed as a deadlock or serialization failure again, with a jittered, growing wait', async () => {
    const { dataSource, runs } = failing(pgError('40P01'), wrapped('40001'));
    const retries: TransactionRetry[] = [];

    const answer = await transactionRetried(dataSource, () => Promise.resolve('committed'), {
      baseDelayMs: 10,
      random: () => 0.5,
      onRetry: (retry) => retries.push(retry),
    });

    expect(answer).toBe('committed');
    expect(runs()).toBe(3);
    expect(retries.map(({ reason, attempt, delayMs }) => ({ reason, attempt, delayMs }))).toEqual([
      { reason: 'deadlock', attempt: 1, delayMs: 5 },
      { reason: 'serialization-failure', attempt: 2, delayMs: 10 },
    ]);
  });

  it('gives up after the attempts allowed, throwing the last failure', async () => {
    const last = pgError('40P01');
    const { dataSource, runs } = failing(pgError('40P01'), pgError('40P01'), last);

    await expect(transactionRetried(dataSource, () => Promise.resolve('never'), { attempts: 3, random: () => 0 })).rejects.toBe(last);
    expect(runs()).toBe(3);
  });

  it('throws any other failure at once', async () => {
    const refused = pgError('23505');
    const { dataSource, runs } = failing(refused);

    await expect(transactionRetried(dataSource, () => Promise.resolve('never'), { random: () => 0 })).rejects.toBe(refused);
    expect(runs()).toBe(1);
    expect(retriedReasonOf(new Error('no code'))).toBeUndefined();
  });
});
