import { describe, expect, it } from '@jest/globals';
import { peakRssOfTree, percentile, processTree } from './measure.js';

describe('percentile', () => {
  const sorted = Array.from({ length: 100 }, (_, n) => n + 1);

  it('is the nearest rank', () => {
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3], 0)).toBe(1);
  });

  it('is NaN for no sample', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('processTree', () => {
  it('starts with the process itself and reads its peak RSS', () => {
    expect(processTree(process.pid)[0]).toBe(process.pid);
    expect(peakRssOfTree(process.pid).get(process.pid)).toBeGreaterThan(0);
  });
});
