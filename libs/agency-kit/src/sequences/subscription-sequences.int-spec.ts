import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDataSource, createTestDatabase, runMigrationsExclusively } from '@hub/persistence';
import { TEST_DATABASE_SERVER_URL } from '@hub/testing';
import type { DataSource, EntityManager } from 'typeorm';
import { CreateSubscriptionSequences1764600000100 } from '../migrations/1764600000100-create-subscription-sequences.js';
import { SubscriptionSequencesRepository, type ReceivedSequence } from './subscription-sequences.repository.js';

const GRACE_MS = 60_000;
const T0 = new Date('2026-12-06T08:00:00Z');
const later = (ms: number): Date => new Date(T0.getTime() + ms);
const live = (subscriptionId: string, sequences: readonly number[]): ReceivedSequence[] =>
  sequences.map((sequence) => ({ subscriptionId, sequence, replayed: false }));
const range = (from: number, to: number, keep: (n: number) => boolean = () => true): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i).filter(keep);

/**
 * Sequence tracking on the real PostgreSQL, with one subscription's numbers arriving the way an
 * inbound topic's partitions hand them over: interleaved, each partition at its own pace.
 */
describe('SubscriptionSequencesRepository', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  const repository = new SubscriptionSequencesRepository();

  beforeAll(async () => {
    const database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'sequences');
    dataSource = await createDataSource({
      url: database.url,
      applicationName: 'sequences-test',
      entities: [],
      migrations: [CreateSubscriptionSequences1764600000100],
      poolSize: 4,
    }).initialize();
    await runMigrationsExclusively(dataSource);
    drop = async () => {
      await dataSource.destroy();
      await database.drop();
    };
  });
  afterAll(async () => {
    await drop?.();
  });

  const track = (received: readonly ReceivedSequence[], now: Date = T0) =>
    dataSource.transaction((tx) => repository.track(tx, received, now, GRACE_MS));
  const progress = async (subscriptionId: string) => {
    const [row] = await dataSource.query<{ through: string; gap_expected: string | null }[]>(
      'SELECT through::text, gap_expected::text FROM subscription_sequences WHERE subscription_id = $1',
      [subscriptionId],
    );
    const [counted] = await dataSource.query<{ ahead: number }[]>(
      'SELECT count(*)::int AS ahead FROM sequences_ahead WHERE subscription_id = $1',
      [subscriptionId],
    );
    if (!row || !counted) throw new Error(`subscription ${subscriptionId} has no progress row`);
    return { through: Number(row.through), gapExpected: row.gap_expected === null ? null : Number(row.gap_expected), ahead: counted.ahead };
  };

  it('keeps the numbers above a hole until the partition that holds it catches up, then passes all of them at once', async () => {
    const subscription = randomUUID();
    expect(await track(live(subscription, [1, 2, 3]))).toEqual([]);
    // Partitions 1–5 of six run ahead; partition 0 (every sixth number, from 6) is behind.
    expect(
      await track(
        live(
          subscription,
          range(4, 30_000, (n) => n % 6 !== 0),
        ),
      ),
    ).toEqual([]);
    expect(await progress(subscription)).toEqual({ through: 5, gapExpected: 6, ahead: 24_995 });

    expect(
      await track(
        live(
          subscription,
          range(6, 29_994, (n) => n % 6 === 0),
        ),
        later(1_000),
      ),
    ).toEqual([]);
    expect(await progress(subscription)).toEqual({ through: 29_999, gapExpected: null, ahead: 0 });
    expect(await track(live(subscription, [30_000, 30_001]), later(2_000))).toEqual([]);
    expect(await progress(subscription)).toEqual({ through: 30_001, gapExpected: null, ahead: 0 });
  });

  it('reports a hole that outlives its grace once, and goes on from the number after it', async () => {
    const subscription = randomUUID();
    await track(live(subscription, [1, 2]));
    expect(await track(live(subscription, [4, 5]), later(1_000))).toEqual([]);
    expect(await track(live(subscription, [6]), later(1_000 + GRACE_MS))).toEqual([
      { subscriptionId: subscription, expected: 3, received: 4 },
    ]);
    expect(await progress(subscription)).toEqual({ through: 6, gapExpected: null, ahead: 0 });
    expect(await track(live(subscription, [7]), later(2 * GRACE_MS))).toEqual([]);
  });

  it('lets a replayed number fill a hole without ever raising one, and counts a redelivered number once', async () => {
    const subscription = randomUUID();
    await track(live(subscription, [10, 11]));
    await track(live(subscription, [13]));
    expect(await track([{ subscriptionId: subscription, sequence: 12, replayed: true }], later(2 * GRACE_MS))).toEqual([]);
    expect(await progress(subscription)).toEqual({ through: 13, gapExpected: null, ahead: 0 });
    expect(await track(live(subscription, [11, 12, 13, 14]), later(3 * GRACE_MS))).toEqual([]);
    expect(await progress(subscription)).toEqual({ through: 14, gapExpected: null, ahead: 0 });
  });

  it('passes a long unbroken run in one walk whose reads grow with the run, not with the numbers waiting above later holes', async () => {
    const subscription = randomUUID();
    await track(live(subscription, [1]));
    // 60,000 numbers wait above the hole at 2; the hole at 2 then fills with a run up to 1,000.
    await track(live(subscription, range(1_002, 61_001)));
    await track(live(subscription, range(3, 1_000)));
    // This transaction's own reads of the table so far (pg_stat_xact_user_tables counts them before commit).
    const reads = async (tx: EntityManager): Promise<number> => {
      const [row] = await tx.query<{ reads: string }[]>(
        `SELECT (coalesce(idx_tup_fetch, 0) + coalesce(seq_tup_read, 0))::text AS reads FROM pg_stat_xact_user_tables WHERE relname = 'sequences_ahead'`,
      );
      return Number(row?.reads ?? 0);
    };
    const walked = await dataSource.transaction(async (tx) => {
      const before = await reads(tx);
      await repository.track(tx, live(subscription, [2]), later(1_000), GRACE_MS);
      return (await reads(tx)) - before;
    });
    expect(await progress(subscription)).toEqual({ through: 1_000, gapExpected: 1_001, ahead: 60_000 });
    expect(walked).toBeGreaterThanOrEqual(1_000);
    expect(walked).toBeLessThan(5_000);
  });
});
