import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDataSource, createTestDatabase, runMigrationsExclusively } from '@hub/persistence';
import { TEST_DATABASE_SERVER_URL } from '@hub/testing';
import type { DataSource, EntityManager } from 'typeorm';
import { CreateSubscriptionSequences1764600000100 } from '../migrations/1764600000100-create-subscription-sequences.js';
import { SubscriptionSequencesRepository, type ReceivedSequence, type RunTransaction } from './subscription-sequences.repository.js';

const GRACE_MS = 60_000;
const T0 = new Date('2026-12-06T08:00:00Z');
const later = (ms: number): Date => new Date(T0.getTime() + ms);
const live = (subscriptionId: string, sequences: readonly number[]): ReceivedSequence[] =>
  sequences.map((sequence) => ({ subscriptionId, sequence, replayed: false }));
/** A promise and the function that resolves it. */
const signal = (): { promise: Promise<void>; resolve: () => void } => {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
};
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

  /** Until a session of this test waits for a lock (a row another transaction inserted and has not committed). */
  const waitForLockWait = async (): Promise<void> => {
    for (let tries = 0; tries < 200; tries += 1) {
      const [row] = await dataSource.query<{ waiting: number }[]>(
        "SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      );
      if ((row?.waiting ?? 0) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('no session of the test came to wait for a lock within 5 s');
  };
  const inTransaction: RunTransaction = (work) => dataSource.transaction(work);
  /** A batch as a consumer handles it: its numbers recorded in its transaction, then settled after the commit. */
  const track = async (received: readonly ReceivedSequence[], now: Date = T0, on = repository) => {
    await dataSource.transaction((tx) => on.record(tx, received));
    return on.settle(inTransaction, received, now, GRACE_MS);
  };
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
    await dataSource.transaction((tx) => repository.record(tx, live(subscription, [2])));
    let walked = 0;
    await repository.settle(
      (work) =>
        dataSource.transaction(async (tx) => {
          const before = await reads(tx);
          const result = await work(tx);
          walked = (await reads(tx)) - before;
          return result;
        }),
      live(subscription, [2]),
      later(1_000),
      GRACE_MS,
    );
    expect(await progress(subscription)).toEqual({ through: 1_000, gapExpected: 1_001, ahead: 60_000 });
    expect(walked).toBeGreaterThanOrEqual(1_000);
    expect(walked).toBeLessThan(5_000);
  });

  it("records a batch's numbers without waiting for another partition's batch that is still open, or for a settle under way", async () => {
    const subscription = randomUUID();
    await track(live(subscription, [1]));
    const { promise: release, resolve: releaseAll } = signal();
    const { promise: opened, resolve: isOpen } = signal();
    // One partition's batch recorded its numbers and has not committed; a settle has written the progress row and not committed.
    const slowBatch = dataSource.transaction(async (tx) => {
      await repository.record(tx, live(subscription, [3]));
      isOpen();
      await release;
    });
    const { promise: written, resolve: isWritten } = signal();
    const slowSettle = dataSource.transaction(async (tx) => {
      await tx.query('UPDATE subscription_sequences SET updated_at = now() WHERE subscription_id = $1', [subscription]);
      isWritten();
      await release;
    });
    await Promise.all([opened, written]);
    // Another partition's batch commits meanwhile; a wait for either would run into the lock timeout.
    await dataSource.transaction(async (tx) => {
      await tx.query("SET LOCAL lock_timeout = '2s'");
      await repository.record(tx, live(subscription, [2, 4]));
    });
    releaseAll();
    await Promise.all([slowBatch, slowSettle]);
    expect(await repository.settle(inTransaction, live(subscription, [2, 3, 4]), T0, GRACE_MS)).toEqual([]);
    expect(await progress(subscription)).toEqual({ through: 4, gapExpected: null, ahead: 0 });
  });

  it("keeps the numbers of a new subscription's first batch that waited for another partition's first batch to create the progress row", async () => {
    const subscription = randomUUID();
    const { promise: release, resolve: go } = signal();
    const { promise: opened, resolve: isOpen } = signal();
    // Partition 0's first batch (1, 2) created the progress row and has not committed.
    const first = dataSource.transaction(async (tx) => {
      await repository.record(tx, live(subscription, [1, 2]));
      isOpen();
      await release;
    });
    await opened;
    // Partition 3's first batch (5, 6) finds no row to see, tries to create one and waits for partition 0's.
    const second = dataSource.transaction((tx) => repository.record(tx, live(subscription, [5, 6])));
    await waitForLockWait();
    go();
    await Promise.all([first, second]);
    expect(await repository.settle(inTransaction, live(subscription, [1, 2, 5, 6]), T0, GRACE_MS)).toEqual([]);
    expect(await progress(subscription)).toEqual({ through: 2, gapExpected: 3, ahead: 2 });
    await track(live(subscription, [3, 4]), later(1_000));
    expect(await progress(subscription)).toEqual({ through: 6, gapExpected: null, ahead: 0 });
  });

  it('records a batch in one statement and settles it in three, its transaction aside', async () => {
    const subscription = randomUUID();
    await track(live(subscription, [1]));
    const statements = { record: 0, settle: 0 };
    const counting = (tx: EntityManager, into: keyof typeof statements): EntityManager => {
      const query = tx.query.bind(tx);
      return Object.assign(Object.create(tx) as EntityManager, {
        query: (...args: Parameters<EntityManager['query']>) => {
          statements[into] += 1;
          return query(...args);
        },
      });
    };
    await dataSource.transaction((tx) => repository.record(counting(tx, 'record'), live(subscription, [2, 3])));
    await repository.settle(
      (work) => dataSource.transaction((tx) => work(counting(tx, 'settle'))),
      live(subscription, [2, 3]),
      T0,
      GRACE_MS,
    );
    expect(statements).toEqual({ record: 1, settle: 3 });
    expect(await progress(subscription)).toEqual({ through: 3, gapExpected: null, ahead: 0 });
  });

  it('settles the batches that ask together in one transaction, and reports a gap to one of them only', async () => {
    const own = new SubscriptionSequencesRepository();
    const subscription = randomUUID();
    await track(live(subscription, [1]), T0, own);
    const batches = [3, 4, 5, 6, 7, 8].map((sequence) => live(subscription, [sequence]));
    for (const batch of batches) await dataSource.transaction((tx) => own.record(tx, batch));
    // The hole at 2 was seen first at T0 (by the first settle below); the rest ask after its grace.
    await own.settle(inTransaction, batches[0] ?? [], T0, GRACE_MS);
    let transactions = 0;
    const counted: RunTransaction = (work) => {
      transactions += 1;
      return dataSource.transaction(work);
    };
    const answers = await Promise.all(batches.map((batch) => own.settle(counted, batch, later(GRACE_MS), GRACE_MS)));
    expect(transactions).toBe(1);
    expect(answers.flat()).toEqual([{ subscriptionId: subscription, expected: 2, received: 3 }]);
    expect(await progress(subscription)).toEqual({ through: 8, gapExpected: null, ahead: 0 });
  });

  it('runs a settle asked for while one is under way after it, so that it sees what committed meanwhile', async () => {
    const own = new SubscriptionSequencesRepository();
    const subscription = randomUUID();
    await track(live(subscription, [1]), T0, own);
    await dataSource.transaction((tx) => own.record(tx, live(subscription, [2])));
    const { promise: release, resolve: go } = signal();
    const { promise: walked, resolve: hasWalked } = signal();
    // The first settle has walked (through 2) and not committed yet.
    const held: RunTransaction = (work) =>
      dataSource.transaction(async (tx) => {
        const result = await work(tx);
        hasWalked();
        await release;
        return result;
      });
    const first = own.settle(held, live(subscription, [2]), T0, GRACE_MS);
    await walked;
    // Number 3 commits after that walk; its own settle must not be merged into the one under way.
    await dataSource.transaction((tx) => own.record(tx, live(subscription, [3])));
    const second = own.settle(inTransaction, live(subscription, [3]), T0, GRACE_MS);
    go();
    await Promise.all([first, second]);
    expect(await progress(subscription)).toEqual({ through: 3, gapExpected: null, ahead: 0 });
  });

  it('sweeps a number that came back at or below the settled run once a minute has passed', async () => {
    const own = new SubscriptionSequencesRepository();
    const subscription = randomUUID();
    await track(live(subscription, [1, 2, 3]), T0, own);
    // A redelivered 2 that a batch added while a settle was removing its first copy.
    await dataSource.query('INSERT INTO sequences_ahead (subscription_id, sequence) VALUES ($1, 2)', [subscription]);
    await track(live(subscription, [4]), later(30_000), own);
    expect(await progress(subscription)).toEqual({ through: 4, gapExpected: null, ahead: 1 });
    await track(live(subscription, [5]), later(60_000), own);
    expect(await progress(subscription)).toEqual({ through: 5, gapExpected: null, ahead: 0 });
  });

  it('keeps no number of a replay that comes before any live delivery, and starts no progress for it', async () => {
    const subscription = randomUUID();
    expect(await track([{ subscriptionId: subscription, sequence: 7, replayed: true }])).toEqual([]);
    const [counted] = await dataSource.query<{ ahead: number }[]>(
      'SELECT count(*)::int AS ahead FROM sequences_ahead WHERE subscription_id = $1',
      [subscription],
    );
    expect(counted?.ahead).toBe(0);
    await expect(progress(subscription)).rejects.toThrow('has no progress row');
  });
});
