import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { judgeSequenceGap, type OpenGap, type SequenceGap } from './judge-sequence-gap.js';

/** One received sequence number of a subscription; `replayed` when a replay brought it. */
export interface ReceivedSequence {
  readonly subscriptionId: string;
  readonly sequence: number;
  readonly replayed: boolean;
}

interface ProgressRow {
  through: string;
  gap_expected: string | null;
  gap_since: Date | null;
}

/**
 * Each subscription's sequence numbers as received, to notice a missing delivery. Per subscription
 * `subscription_sequences.through` is the number up to which everything arrived (or was reported
 * missing); `sequences_ahead` holds the numbers received above it, until the hole below them fills.
 * Tracking starts with a subscription's first live delivery (a replay alone never starts it, and a
 * replayed number never raises a gap, though it fills a hole). Runs in the batch's transaction.
 */
@Injectable()
export class SubscriptionSequencesRepository {
  /** Records the numbers received and returns the gaps to report now. */
  async track(
    tx: EntityManager,
    received: readonly ReceivedSequence[],
    now: Date,
    graceMs: number,
  ): Promise<(SequenceGap & { subscriptionId: string })[]> {
    const gaps: (SequenceGap & { subscriptionId: string })[] = [];
    for (const subscriptionId of [...new Set(received.map((entry) => entry.subscriptionId))].sort()) {
      const entries = received.filter((entry) => entry.subscriptionId === subscriptionId);
      const live = entries.filter((entry) => !entry.replayed).map((entry) => entry.sequence);
      const progress = await this.lock(tx, subscriptionId, live);
      if (!progress) continue;
      const from = Number(progress.through);
      let through = from;
      let open: OpenGap = { expected: progress.gap_expected === null ? null : Number(progress.gap_expected), since: progress.gap_since };
      await this.remember(
        tx,
        subscriptionId,
        entries.map((entry) => entry.sequence).filter((sequence) => sequence > through),
      );
      for (;;) {
        through = await this.advance(tx, subscriptionId, through);
        const next = await this.lowestAbove(tx, subscriptionId, through);
        const judged = judgeSequenceGap(open, through, next, now, graceMs, live.length > 0);
        open = judged.open;
        if (!judged.gap) break;
        gaps.push({ subscriptionId, ...judged.gap });
        through = judged.gap.received - 1;
      }
      await tx.query(
        `UPDATE subscription_sequences SET through = $2, gap_expected = $3, gap_since = $4, updated_at = now() WHERE subscription_id = $1`,
        [subscriptionId, through, open.expected, open.since],
      );
      // Numbers at or below `from` were never kept (remember takes those above it), so the range starts
      // there: a range from the lowest key would step over every row deleted since the last vacuum.
      await tx.query('DELETE FROM sequences_ahead WHERE subscription_id = $1 AND sequence > $2 AND sequence <= $3', [
        subscriptionId,
        from,
        through,
      ]);
    }
    return gaps;
  }

  /** The subscription's progress, locked; created from its first live delivery (everything before it counts as received). */
  private async lock(tx: EntityManager, subscriptionId: string, live: readonly number[]): Promise<ProgressRow | undefined> {
    if (live.length > 0) {
      await tx.query('INSERT INTO subscription_sequences (subscription_id, through) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        subscriptionId,
        Math.min(...live) - 1,
      ]);
    }
    const rows = await tx.query<ProgressRow[]>(
      'SELECT through::text, gap_expected::text, gap_since FROM subscription_sequences WHERE subscription_id = $1 FOR UPDATE',
      [subscriptionId],
    );
    return rows[0];
  }

  private async remember(tx: EntityManager, subscriptionId: string, sequences: readonly number[]): Promise<void> {
    if (sequences.length === 0) return;
    await tx.query('INSERT INTO sequences_ahead (subscription_id, sequence) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING', [
      subscriptionId,
      sequences,
    ]);
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
