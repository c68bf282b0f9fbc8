// Kept instead of cli-progress: off a terminal (CI logs, a pipe), cli-progress either writes
// nothing or redraws on a timer (noTTYOutput, notTTYSchedule), while this writes one line per chunk
// done, which is what a log of a bulk redrive should hold. On a terminal both redraw one line.
/** Where progress goes: stderr, or a stand-in in tests. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** Draws progress as updates come: a terminal gets one line redrawn in place, anything else one line per update. */
export interface ProgressReporter {
  update(done: number, total: number): void;
  /** Ends the redrawn line, so what is written next starts on a line of its own. */
  finish(): void;
}

const BAR_WIDTH = 20;

/** `redriving [########------------] 240/600 (40%)`; a total of 0 reads as complete. */
export function progressLine(label: string, done: number, total: number): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.round(ratio * BAR_WIDTH);
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total} (${Math.floor(ratio * 100)}%)`;
}

export function progressReporter(stream: ProgressStream, label: string): ProgressReporter {
  let drawn = 0;
  return {
    update(done, total) {
      const line = progressLine(label, done, total);
      if (!stream.isTTY) {
        stream.write(`${line}\n`);
        return;
      }
      stream.write(`\r${line.padEnd(drawn)}`);
      drawn = line.length;
    },
    finish() {
      if (stream.isTTY && drawn > 0) stream.write('\n');
      drawn = 0;
    },
  };
}
