import { describe, expect, it, jest } from '@jest/globals';
import { ImportProgressBar, summaryLine } from './import-progress.js';

const counts = { read: 500, published: 480, unchanged: 10, refused: 10 };

function output(isTTY: boolean): { isTTY: boolean; written: string[]; write: (text: string) => boolean } {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) > 0 };
}

describe('ImportProgressBar', () => {
  it('redraws one line on a terminal, at most ten times a second, and ends it', () => {
    jest.useFakeTimers({ now: 0 });
    const tty = output(true);
    const bar = new ImportProgressBar(tty, 1_000);
    jest.setSystemTime(200);
    bar.update(250, counts);
    jest.setSystemTime(250);
    bar.update(300, counts);
    jest.setSystemTime(1_000);
    bar.finish(1_000, counts);
    jest.useRealTimers();
    expect(tty.written).toHaveLength(2);
    expect(tty.written[0]).toBe(`\r[######${'.'.repeat(18)}]  25% read 500 published 480 unchanged 10 refused 10 (2500 rows/s)\x1b[K`);
    expect(tty.written[1]).toMatch(/^\r\[#{24}\] 100% .*\n$/);
  });

  it('writes a plain line every few seconds elsewhere, and nothing at the end (the summary says it)', () => {
    jest.useFakeTimers({ now: 0 });
    const log = output(false);
    const bar = new ImportProgressBar(log, 1_000, 5_000);
    for (const at of [1_000, 5_000, 6_000, 10_000]) {
      jest.setSystemTime(at);
      bar.update(at / 10, counts);
    }
    bar.finish(1_000, counts);
    jest.useRealTimers();
    expect(log.written).toEqual([expect.stringMatching(/^ 50% read 500 .*\n$/), expect.stringMatching(/^100% read 500 .*\n$/)]);
  });
});

describe('summaryLine', () => {
  it('is one line: read, published, unchanged, refused, and where the errors are', () => {
    expect(summaryLine(counts, 12.34, false, 'permits.csv.errors.csv')).toBe(
      'read 500, published 480, unchanged 10, refused 10 in 12.3 s; errors in permits.csv.errors.csv',
    );
    expect(summaryLine({ ...counts, refused: 0 }, 1, true, 'x.csv')).toBe(
      'dry run: read 500, would publish 480, unchanged 10, refused 0 in 1.0 s',
    );
  });
});
