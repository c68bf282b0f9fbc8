import { describe, expect, it } from '@jest/globals';
import { progressLine, progressReporter } from './progress-bar.js';

const recorder = (isTTY: boolean) => {
  const written: string[] = [];
  return { stream: { isTTY, write: (text: string) => written.push(text) }, written };
};

describe('progress bar', () => {
  it('draws the share done as a bar of 20, the counts and a whole percentage', () => {
    expect(progressLine('redriving', 240, 600)).toBe('redriving [########------------] 240/600 (40%)');
    expect(progressLine('discarding', 0, 3)).toBe('discarding [--------------------] 0/3 (0%)');
    expect(progressLine('redriving', 2, 3)).toBe('redriving [#############-------] 2/3 (66%)');
    expect(progressLine('redriving', 3, 3)).toBe('redriving [####################] 3/3 (100%)');
  });

  it('reads a total of 0 as complete and never overflows the bar', () => {
    expect(progressLine('redriving', 0, 0)).toBe('redriving [####################] 0/0 (100%)');
    expect(progressLine('redriving', 7, 5)).toBe('redriving [####################] 7/5 (100%)');
  });

  it('redraws one line in place on a terminal, and ends it once', () => {
    const { stream, written } = recorder(true);
    const progress = progressReporter(stream, 'redriving');
    progress.update(9, 10);
    progress.update(10, 10);
    progress.finish();
    progress.finish();
    expect(written).toEqual(['\rredriving [##################--] 9/10 (90%)', '\rredriving [####################] 10/10 (100%)', '\n']);
    expect(written.join('').split('\n')).toHaveLength(2);
  });

  it('writes one plain line per update when stderr is not a terminal', () => {
    const { stream, written } = recorder(false);
    const progress = progressReporter(stream, 'discarding');
    progress.update(1, 2);
    progress.update(2, 2);
    progress.finish();
    expect(written).toEqual(['discarding [##########----------] 1/2 (50%)\n', 'discarding [####################] 2/2 (100%)\n']);
    expect(written.join('')).not.toContain('\r');
  });

  it('writes nothing to end a terminal line it never drew', () => {
    const { stream, written } = recorder(true);
    progressReporter(stream, 'redriving').finish();
    expect(written).toEqual([]);
  });
});
