/** Counts shown while importing and in the summary. */
export interface ImportCounts {
  readonly read: number;
  readonly published: number;
  readonly unchanged: number;
  readonly refused: number;
}

/** Where progress lines go: a terminal gets one redrawn line, anything else a line now and then. */
export interface ProgressOutput {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const BAR_WIDTH = 24;

/**
 * The import's progress bar: by bytes of the file read (the one measure every format has before the
 * end), with the counts and the rate. On a terminal it redraws one line at most ten times a second;
 * otherwise (a log, a pipe) it writes a line every `everyMs`.
 */
export class ImportProgressBar {
  private readonly startedAt = Date.now();
  private lastDrawn = this.startedAt;

  constructor(
    private readonly output: ProgressOutput,
    private readonly totalBytes: number,
    private readonly everyMs = 5_000,
  ) {}

  update(bytes: number, counts: ImportCounts): void {
    const now = Date.now();
    if (now - this.lastDrawn < (this.output.isTTY ? 100 : this.everyMs)) return;
    this.lastDrawn = now;
    const line = this.line(bytes, counts, now);
    this.output.write(this.output.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
  }

  /** On a terminal, draws the final state and ends the line so the summary starts on its own; elsewhere the summary says it all. */
  finish(bytes: number, counts: ImportCounts): void {
    if (!this.output.isTTY) return;
    this.output.write(`\r${this.line(bytes, counts, Date.now())}\x1b[K\n`);
  }

  private line(bytes: number, counts: ImportCounts, now: number): string {
    const share = this.totalBytes > 0 ? Math.min(1, bytes / this.totalBytes) : 1;
    const filled = Math.round(share * BAR_WIDTH);
    const seconds = Math.max(0.001, (now - this.startedAt) / 1000);
    const rate = Math.round(counts.read / seconds);
    const bar = this.output.isTTY ? `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ` : '';
    return `${bar}${(share * 100).toFixed(0).padStart(3)}% read ${counts.read} published ${counts.published} unchanged ${counts.unchanged} refused ${counts.refused} (${rate} rows/s)`;
  }
}

/** The one-line summary an import ends with. */
export function summaryLine(counts: ImportCounts, seconds: number, dryRun: boolean, errorReport: string | undefined): string {
  const published = dryRun ? `would publish ${counts.published}` : `published ${counts.published}`;
  const errors = counts.refused > 0 && errorReport ? `; errors in ${errorReport}` : '';
  return `${dryRun ? 'dry run: ' : ''}read ${counts.read}, ${published}, unchanged ${counts.unchanged}, refused ${counts.refused} in ${seconds.toFixed(1)} s${errors}`;
}
