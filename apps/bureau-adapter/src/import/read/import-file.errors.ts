/**
 * A file the import cannot read at all (unknown format, broken CSV quoting, no worksheet). Rows
 * that break a rule are not this error: they go to the error report and the import goes on.
 */
export class ImportFileError extends Error {
  readonly code = 'IMPORT_FILE_UNREADABLE';
  readonly retriable = false;

  constructor(
    message: string,
    readonly context: { readonly file: string; readonly line?: number },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ImportFileError';
  }
}
