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
      const sequences = entries.map((entry) => entry.sequence);
      // Everything before a subscription's first live delivery counts as received, so a live batch
      // creates the progress row, only while none is to be seen: a conflict check on the row would
      // wait for a settle that has updated it and not committed yet. Only numbers above `through` are
      // kept; with no progress row (a replay before any live delivery) none are. One round trip.
      const [outcome] = await tx.query<{ marked: boolean }[]>(
        `WITH created AS (
           INSERT INTO subscription_sequences (subscription_id, through)
           SELECT $1, $3::bigint WHERE $3::bigint IS NOT NULL AND NOT EXISTS (SELECT FROM subscription_sequences WHERE subscription_id = $1)
           ON CONFLICT DO NOTHING
           RETURNING through
         ), mark AS (
           SELECT through FROM subscription_sequences WHERE subscription_id = $1
           UNION ALL
           SELECT through FROM created
         ), kept AS (
           INSERT INTO sequences_ahead (subscription_id, sequence)
           SELECT $1, received.sequence FROM unnest($2::bigint[]) AS received (sequence)
            WHERE received.sequence > (SELECT min(through) FROM mark)
           ON CONFLICT DO NOTHING
         )
         SELECT EXISTS (SELECT FROM mark) AS marked`,
        [subscriptionId, sequences, live.length > 0 ? Math.min(...live) - 1 : null],
      );
      // A live batch found no row and created none: another batch's row committed after this
      // statement began. A statement of its own sees that row.
      if (live.length > 0 && !outcome?.marked) {
        await tx.query(
          `INSERT INTO sequences_ahead (subscription_id, sequence)
           SELECT $1, received.sequence FROM unnest($2::bigint[]) AS received (sequence)
            WHERE received.sequence > (SELECT through FROM subscription_sequences WHERE subscription_id = $1)
           ON CONFLICT DO NOTHING`,
          [subscriptionId, sequences],
        );
      }
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

  /**
   * One settle, in four round trips to PostgreSQL: lock and read the progress row (the commit need
   * not wait for the disk), walk the run above it (again after each gap judged), write the row and
   * remove the numbers passed, commit.
   */
  private async walk(tx: EntityManager, subscriptionId: string, live: boolean, now: Date, graceMs: number): Promise<SubscriptionGap[]> {
    const [progress] = await tx.query<ProgressRow[]>(
      `SELECT through::text, gap_expected::text, gap_since, set_config('synchronous_commit', 'off', true)
         FROM subscription_sequences WHERE subscription_id = $1 FOR UPDATE`,
      [subscriptionId],
    );
    if (!progress) return [];
    const gaps: SubscriptionGap[] = [];
    const from = Number(progress.through);
    let through = from;
    let open: OpenGap = { expected: progress.gap_expected === null ? null : Number(progress.gap_expected), since: progress.gap_since };
    for (;;) {
      const run = await this.runAbove(tx, subscriptionId, through);
      through = run.through;
      const judged = judgeSequenceGap(open, through, run.next, now, graceMs, live);
      open = judged.open;
      if (!judged.gap) break;
      gaps.push({ subscriptionId, ...judged.gap });
      through = judged.gap.received - 1;
    }
    // Numbers at or below `from` were never kept (record takes those above it), so the range starts
    // there: a range from the lowest key would step over every row deleted since the last vacuum.
    // Once a minute the sweep takes all those at or below `through` instead (see sweepDue).
    const above = this.sweepDue(subscriptionId, now) ? Number.MIN_SAFE_INTEGER : from;
    await tx.query(
      `WITH moved AS (
         UPDATE subscription_sequences SET through = $2, gap_expected = $3, gap_since = $4, updated_at = now() WHERE subscription_id = $1
       )
       DELETE FROM sequences_ahead WHERE subscription_id = $1 AND sequence > $5 AND sequence <= $2`,
      [subscriptionId, through, open.expected, open.since, above],
    );
    return gaps;
  }

  /**
   * Whether this settle also removes the numbers at or below `through` that a batch added while a
   * settle was passing them (a redelivered number whose first copy was being removed): harmless to
   * the walk, which only looks above `through`, but they would stay forever. Once a minute per
   * subscription, by the batches' clock, counted from the process's first settle of it.
   */
  private sweepDue(subscriptionId: string, now: Date): boolean {
    const last = this.sweptAt.get(subscriptionId);
    if (last !== undefined && now.getTime() - last < SEQUENCE_SWEEP_INTERVAL_MS) return false;
    this.sweptAt.set(subscriptionId, now.getTime());
    return last !== undefined;
  }

  /**
   * The end of the unbroken run of received numbers right after `through` (`through` itself when the
   * next is missing), and the lowest number received above that run, if any. The run is walked one
   * primary-key probe per number: the cost is the run's length, and the run is deleted once passed,
   * so it never grows with the numbers waiting above a hole (received from partitions that are
   * ahead of the one holding the hole). The probe is a scalar subquery, so it stays a lookup by key:
   * as a join, PostgreSQL may hash the whole table at every step.
   */
  private async runAbove(
    tx: EntityManager,
    subscriptionId: string,
    through: number,
  ): Promise<{ through: number; next: number | undefined }> {
    const [row] = await tx.query<{ through: string; next: string | null }[]>(
      `WITH RECURSIVE run (sequence) AS (
         SELECT $2::bigint
         UNION ALL
         SELECT run.sequence + 1 FROM run
        WHERE (SELECT true FROM sequences_ahead ahead WHERE ahead.subscription_id = $1 AND ahead.sequence = run.sequence + 1)
       ), reached AS (SELECT max(sequence) AS through FROM run)
       SELECT reached.through::text AS through,
              (SELECT min(sequence) FROM sequences_ahead WHERE subscription_id = $1 AND sequence > reached.through)::text AS next
         FROM reached`,
      [subscriptionId, through],
    );
    return { through: Number(row?.through ?? through), next: row?.next == null ? undefined : Number(row.next) };
  }
}

/** The subscriptions of `received`, sorted (the order settles lock their rows in). */
function subscriptionsOf(received: readonly ReceivedSequence[]): string[] {
  return [...new Set(received.map((entry) => entry.subscriptionId))].sort();
}
