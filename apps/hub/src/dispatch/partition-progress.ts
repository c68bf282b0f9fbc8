/** Where a consumer group stands on one partition: its committed offset and the partition's ends. */
export interface PartitionOffsets {
  readonly partition: number;
  /** The next offset the group will read; -1 when it has committed none yet. */
  readonly committed: number;
  readonly low: number;
  readonly high: number;
}

/** What is known of one partition between two looks. */
export interface PartitionProgress {
  readonly position: number;
  readonly lag: number;
  /** Since when (ms since the epoch) the position has not moved while records waited. */
  readonly waitingSince: number;
}

/** A partition whose group has not moved for at least the alarm threshold while records waited. */
export interface StalledPartition {
  readonly partition: number;
  readonly offset: number;
  readonly lag: number;
  readonly stalledSeconds: number;
}

/**
 * The next state per partition from the offsets just read: a partition that moved or has nothing
 * waiting starts its clock again; one that stands still with records waiting keeps it.
 */
export function trackProgress(
  previous: ReadonlyMap<number, PartitionProgress>,
  offsets: readonly PartitionOffsets[],
  now: number,
): Map<number, PartitionProgress> {
  const next = new Map<number, PartitionProgress>();
  for (const { partition, committed, low, high } of offsets) {
    const position = committed < 0 ? low : Math.max(committed, low);
    const lag = Math.max(0, high - position);
    const before = previous.get(partition);
    const standing = before !== undefined && before.position === position && before.lag > 0 && lag > 0;
    next.set(partition, { position, lag, waitingSince: standing ? before.waitingSince : now });
  }
  return next;
}

/** The partitions standing still with records waiting for `thresholdMs` or longer. */
export function stalledPartitions(progress: ReadonlyMap<number, PartitionProgress>, now: number, thresholdMs: number): StalledPartition[] {
  return [...progress.entries()]
    .filter(([, state]) => state.lag > 0 && now - state.waitingSince >= thresholdMs)
    .map(([partition, state]) => ({
      partition,
      offset: state.position,
      lag: state.lag,
      stalledSeconds: Math.floor((now - state.waitingSince) / 1000),
    }))
    .sort((a, b) => a.partition - b.partition);
}
