/** One thing wrong with a mapping file, or with a file's headers against the mapping. */
export interface MappingProblem {
  /** Where in the mapping (`columns.holder.name`), or the field a file's headers lack. */
  readonly path: string;
  readonly rule: string;
  readonly messageZh: string;
  readonly messageEn: string;
}

/** A mapping that cannot be used: nothing is imported until it is fixed. */
export class ImportMappingError extends Error {
  readonly code = 'IMPORT_MAPPING_INVALID';
  readonly retriable = false;

  constructor(
    readonly file: string,
    readonly problems: readonly MappingProblem[],
  ) {
    super(
      `The import mapping cannot be used (${file}):\n${problems
        .map(({ path, rule, messageEn, messageZh }) => `  ${path || '(file)'} [${rule}]: ${messageEn} / ${messageZh}`)
        .join('\n')}`,
    );
    this.name = 'ImportMappingError';
  }
}
