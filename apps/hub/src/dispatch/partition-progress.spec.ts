import { describe, expect, it } from '@jest/globals';
import { stalledPartitions, trackProgress, type PartitionProgress } from './partition-progress.js';

const at = (partition: number, committed: number, high: number, low = 0) => ({ partition, committed, low, high });

describe('dispatch partition progress', () => {
  it('reports a partition standing still with records waiting once the threshold has passed', () => {
    let progress: Map<number, PartitionProgress> = trackProgress(new Map(), [at(0, 10, 12), at(1, 5, 5)], 1_000);
    progress = trackProgress(progress, [at(0, 10, 13), at(1, 5, 5)], 3_000);
    expect(stalledPartitions(progress, 3_000, 5_000)).toEqual([]);
    progress = trackProgress(progress, [at(0, 10, 14), at(1, 5, 5)], 7_000);
    expect(stalledPartitions(progress, 7_000, 5_000)).toEqual([{ partition: 0, offset: 10, lag: 4, stalledSeconds: 6 }]);
  });

  it('starts the clock again when the group moves or catches up', () => {
    let progress = trackProgress(new Map(), [at(0, 10, 12)], 0);
    progress = trackProgress(progress, [at(0, 11, 12)], 10_000);
    expect(stalledPartitions(progress, 10_000, 5_000)).toEqual([]);
    progress = trackProgress(progress, [at(0, 12, 12)], 20_000);
    progress = trackProgress(progress, [at(0, 12, 13)], 30_000);
    expect(stalledPartitions(progress, 30_000, 5_000)).toEqual([]);
    expect(stalledPartitions(progress, 35_000, 5_000)).toEqual([{ partition: 0, offset: 12, lag: 1, stalledSeconds: 5 }]);
  });

  it('counts a group that never committed from the start of the partition', () => {
    let progress = trackProgress(new Map(), [at(2, -1, 40, 30)], 0);
    progress = trackProgress(progress, [at(2, -1, 40, 30)], 60_000);
    expect(stalledPartitions(progress, 60_000, 1_000)).toEqual([{ partition: 2, offset: 30, lag: 10, stalledSeconds: 60 }]);
  });
});
