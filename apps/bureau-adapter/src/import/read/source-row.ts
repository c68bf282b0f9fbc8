/** A rule a row broke, where, and why in both languages: one line of the error report. */
export interface RowIssue {
  /** The row as a spreadsheet numbers it: the header is row 1, the first data row 2. */
  readonly row: number;
  /** The column as headed in the file (or the mapped field when no column holds it). */
  readonly column: string;
  readonly rule: string;
  readonly messageZh: string;
  readonly messageEn: string;
}

/** One data row of an import file: its number and its cells by header, as text. */
export interface SourceRow {
  readonly row: number;
  readonly cells: ReadonlyMap<string, string>;
  /** What the reader already found wrong with the row (a line that is not JSON, a cell Excel rounded). */
  readonly issues: readonly RowIssue[];
}

/** The rows of a file, first to last, and how far into the file reading has come. */
export interface RowSource {
  /** The header row's column names, known once the first row has been read. */
  headers(): readonly string[];
  rows(): AsyncIterable<SourceRow>;
  /** Bytes of the file consumed so far (for the progress bar). */
  bytesRead(): number;
}
