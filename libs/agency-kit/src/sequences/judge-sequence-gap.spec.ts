import { describe, expect, it } from '@jest/globals';
import { judgeSequenceGap } from './judge-sequence-gap.js';

const closed = { expected: null, since: null };
const at = (ms: number): Date => new Date(1_800_000_000_000 + ms);

describe('judgeSequenceGap', () => {
  it('sees no gap when nothing was received above the unbroken run', () => {
    expect(judgeSequenceGap({ expected: 5, since: at(0) }, 7, undefined, at(10), 1_000, true)).toEqual({ open: closed });
  });

  it('keeps a new hole open for the grace period: records of other partitions may still be on their way', () => {
    expect(judgeSequenceGap(closed, 4, 7, at(0), 1_000, true)).toEqual({ open: { expected: 5, since: at(0) } });
    expect(judgeSequenceGap({ expected: 5, since: at(0) }, 4, 7, at(999), 1_000, true)).toEqual({ open: { expected: 5, since: at(0) } });
  });

  it('reports a hole still open after the grace period, with the first missing and the next received number', () => {
    expect(judgeSequenceGap({ expected: 5, since: at(0) }, 4, 7, at(1_000), 1_000, true)).toEqual({
      open: closed,
      gap: { expected: 5, received: 7 },
    });
  });

  it('starts the grace period again when the hole moved up (the missing ones arrived, a later one is missing)', () => {
    expect(judgeSequenceGap({ expected: 5, since: at(0) }, 8, 10, at(5_000), 1_000, true)).toEqual({
      open: { expected: 9, since: at(5_000) },
    });
  });

  it('never reports while only replayed records are handled, however long the hole', () => {
    expect(judgeSequenceGap({ expected: 5, since: at(0) }, 4, 9, at(60_000), 1_000, false)).toEqual({
      open: { expected: 5, since: at(0) },
    });
  });

  it('reports at once with no grace period (one partition)', () => {
    expect(judgeSequenceGap(closed, 2, 4, at(0), 0, true)).toEqual({ open: closed, gap: { expected: 3, received: 4 } });
  });
});
