import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { judgeSequenceGap, type OpenGap, type SequenceGap } from './judge-sequence-gap.js';

/** One received sequence number of a subscription; `replayed` when a replay brought it. */
export interface ReceivedSequence {
  readonly subscriptionId: string;
  readonly sequence: number;
  readonly replayed: boolean;
}

/** A gap to report, with the subscription it is in. */
export type SubscriptionGap = SequenceGap & { readonly subscriptionId: string };

/** Runs `work` in a transaction of its own and commits it. */
export type RunTransaction = <T>(work: (tx: EntityManager) => Promise<T>) => Promise<T>;

interface ProgressRow {
  through: string;
  gap_expected: string | null;
  gap_since: Date | null;
}

/** A settle not started yet: the batches that ask before it starts share it. */
interface QueuedSettle {
  live: boolean;
  now: Date;
  gapsTaken: boolean;
  readonly done: Promise<SubscriptionGap[]>;
}

/** A subscription's settles in this process: the last one queued or running, and the one not started yet. */
interface Lane {
  tail: Promise<unknown>;
  queued: QueuedSettle | undefined;
}

/** How often a process removes numbers left at or below `through` by a redelivery that raced a settle. */
const SEQUENCE_SWEEP_INTERVAL_MS = 60_000;

/**
 * Each subscription's sequence numbers as received, to notice a missing delivery. Per subscription
 * `subscription_sequences.through` is the number up to which everything arrived (or was reported
 * missing); `sequences_ahead` holds the numbers received above it, until the hole below them fills.
 * Tracking starts with a subscription's first live delivery (a replay alone never starts it, and a
 * replayed number never raises a gap, though it fills a hole).
 *
 * Two steps, so that the batches of a subscription's partitions never wait for each other:
 * - `record`, in each batch's transaction, only adds the batch's numbers to `sequences_ahead` (no
 *   lock on the progress row);
 * - `settle`, after the batch committed, moves `through` over what arrived, in a short transaction
 *   of its own that locks the progress row. In one process, one settle per subscription runs at a
 *   time, and the batches that ask meanwhile share the next one. Its commit need not wait for the
 *   disk: `through` and `sequences_ahead` change together or not at all, so a settle lost in a crash
 *   is only done again by the next one.
 */
@Injectable()
export class SubscriptionSequencesRepository {
  private readonly lanes = new Map<string, Lane>();
  private readonly sweptAt = new Map<string, number>();

  /** Adds the numbers received to `sequences_ahead`, in the batch's transaction; settle moves `through` after the commit. */
  async record(tx: EntityManager, received: readonly ReceivedSequence[]): Promise<void> {
    for (const subscriptionId of subscriptionsOf(received)) {
      const entries = received.filter((entry) => entry.subscriptionId === subscriptionId);
      const live = entries.filter((entry) => !entry.replayed).map((entry) => entry.sequence);
      if (live.length > 0) {
        // Everything before a subscription's first live delivery counts as received. Only tried while
        // no row is to be seen: a conflict check on the row would wait for a settle that has updated
        // it and not committed yet.
        await tx.query(
          `INSERT INTO subscription_sequences (subscription_id, through)
           SELECT $1, $2 WHERE NOT EXISTS (SELECT FROM subscription_sequences WHERE subscription_id = $1)
           ON CONFLICT DO NOTHING`,
          [subscriptionId, Math.min(...live) - 1],
        );
      }
      // Only numbers above `through` are kept; with no progress row (a replay before any live delivery) none are.
      await tx.query(
        `INSERT INTO sequences_ahead (subscription_id, sequence)
         SELECT $1, received.sequence FROM unnest($2::bigint[]) AS received (sequence)
          WHERE received.sequence > (SELECT through FROM subscription_sequences WHERE subscription_id = $1)
         ON CONFLICT DO NOTHING`,
        [subscriptionId, entries.map((entry) => entry.sequence)],
      );
    }
  }

  /**
   * Moves each subscription of `received` over the numbers that arrived (committed by `record`) and
   * returns the gaps to report now. A gap is reported only when a live delivery asked (a replay alone
   * never raises one), and to one caller only.
   */
  async settle(transaction: RunTransaction, received: readonly ReceivedSequence[], now: Date, graceMs: number): Promise<SubscriptionGap[]> {
    const gaps: SubscriptionGap[] = [];
    for (const subscriptionId of subscriptionsOf(received)) {
      const live = received.some((entry) => entry.subscriptionId === subscriptionId && !entry.replayed);
      gaps.push(...(await this.settleOne(transaction, subscriptionId, live, now, graceMs)));
    }
    return gaps;
  }

  /**
   * Queues a settle behind the one running for the subscription, or joins the one queued already:
   * one runs at a time, and however many batches commit meanwhile, one more settle covers them all.
   */
  private async settleOne(
    transaction: RunTransaction,
    subscriptionId: string,
    live: boolean,
    now: Date,
    graceMs: number,
  ): Promise<SubscriptionGap[]> {
    const lane = this.lanes.get(subscriptionId) ?? { tail: Promise.resolve(), queued: undefined };
    this.lanes.set(subscriptionId, lane);
    let settle = lane.queued;
    if (!settle) {
      const queued: QueuedSettle = {
        live,
        now,
        gapsTaken: false,
        done: lane.tail.then(() => {
          lane.queued = undefined;
          return transaction((tx) => this.walk(tx, subscriptionId, queued.live, queued.now, graceMs));
        }),
      };
      const tail = queued.done.catch(() => undefined);
      lane.tail = tail;
      lane.queued = queued;
      void tail.then(() => {
        if (lane.tail === tail) this.lanes.delete(subscriptionId);
      });
      settle = queued;
    }
    settle.live ||= live;
    if (now > settle.now) settle.now = now;
    const gaps = await settle.done;
    if (settle.gapsTaken) return [];
    settle.gapsTaken = true;
    return gaps;
  }

  private async walk(tx: EntityManager, subscriptionId: string, live: boolean, now: Date, graceMs: number): Promise<SubscriptionGap[]> {
    await tx.query('SET LOCAL synchronous_commit = off');
    const [progress] = await tx.query<ProgressRow[]>(
      'SELECT through::text, gap_expected::text, gap_since FROM subscription_sequences WHERE subscription_id = $1 FOR UPDATE',
      [subscriptionId],
    );
    if (!progress) return [];
    const gaps: SubscriptionGap[] = [];
    const from = Number(progress.through);
    let through = from;
    let open: OpenGap = { expected: progress.gap_expected === null ? null : Number(progress.gap_expected), since: progress.gap_since };
    for (;;) {
      through = await this.advance(tx, subscriptionId, through);
      const next = await this.lowestAbove(tx, subscriptionId, through);
      const judged = judgeSequenceGap(open, through, next, now, graceMs, live);
      open = judged.open;
      if (!judged.gap) break;
      gaps.push({ subscriptionId, ...judged.gap });
      through = judged.gap.received - 1;
    }
    await tx.query(
      `UPDATE subscription_sequences SET through = $2, gap_expected = $3, gap_since = $4, updated_at = now() WHERE subscription_id = $1`,
      [subscriptionId, through, open.expected, open.since],
    );
    // Numbers at or below `from` were never kept (record takes those above it), so the range starts
    // there: a range from the lowest key would step over every row deleted since the last vacuum.
    await tx.query('DELETE FROM sequences_ahead WHERE subscription_id = $1 AND sequence > $2 AND sequence <= $3', [
      subscriptionId,
      from,
      through,
    ]);
    await this.sweep(tx, subscriptionId, through, now);
    return gaps;
  }

  /**
   * Once a minute per subscription (by the batches' clock, counted from the process's first settle of
   * it), the numbers at or below `through` that a batch added while a settle was passing them (a redelivered number whose first copy was being removed): harmless to
   * the walk, which only looks above `through`, but they would stay forever.
   */
  private async sweep(tx: EntityManager, subscriptionId: string, through: number, now: Date): Promise<void> {
    const last = this.sweptAt.get(subscriptionId);
    if (last !== undefined && now.getTime() - last < SEQUENCE_SWEEP_INTERVAL_MS) return;
    this.sweptAt.set(subscriptionId, now.getTime());
    if (last === undefined) return;
    await tx.query('DELETE FROM sequences_ahead WHERE subscription_id = $1 AND sequence <= $2', [subscriptionId, through]);
  }

  /**
   * The end of the unbroken run of received numbers right after `through` (`through` itself when the
   * next is missing), walked one primary-key probe per number: the cost is the run's length, and the
   * run is deleted once passed, so it never grows with the numbers waiting above a hole (received from
   * partitions that are ahead of the one holding the hole). The probe is a scalar subquery, so it
   * stays a lookup by key: as a join, PostgreSQL may hash the whole table at every step.
   */
  private async advance(tx: EntityManager, subscriptionId: string, through: number): Promise<number> {
    const [row] = await tx.query<{ through: string | null }[]>(
      `WITH RECURSIVE run (sequence) AS (
         SELECT $2::bigint
         UNION ALL
         SELECT run.sequence + 1 FROM run
        WHERE (SELECT true FROM sequences_ahead ahead WHERE ahead.subscription_id = $1 AND ahead.sequence = run.sequence + 1)
       )
       SELECT max(sequence)::text AS through FROM run`,
      [subscriptionId, through],
    );
    return Number(row?.through ?? through);
  }

  private async lowestAbove(tx: EntityManager, subscriptionId: string, through: number): Promise<number | undefined> {
    const [row] = await tx.query<{ next: string | null }[]>(
      'SELECT min(sequence)::text AS next FROM sequences_ahead WHERE subscription_id = $1 AND sequence > $2',
      [subscriptionId, through],
    );
    return row?.next == null ? undefined : Number(row.next);
  }
}

/** The subscriptions of `received`, sorted (the order settles lock their rows in). */
function subscriptionsOf(received: readonly ReceivedSequence[]): string[] {
  return [...new Set(received.map((entry) => entry.subscriptionId))].sort();
}
