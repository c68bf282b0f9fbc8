/** One code with the labels people read, in Simplified Chinese and English. */
export interface CodeListEntry {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}

/**
 * A published list of codes. Lists are versioned like the contracts: a new version may add codes;
 * removing or renaming one needs a new contract version.
 */
export interface CodeList {
  readonly name: string;
  readonly version: number;
  /** Where the codes come from (a standard, or the hub itself). */
  readonly source: string;
  readonly entries: readonly CodeListEntry[];
}

const indexes = new WeakMap<CodeList, ReadonlyMap<string, CodeListEntry>>();

/** The entry for `code`, or undefined when the list does not have it. */
export function findCode(list: CodeList, code: string): CodeListEntry | undefined {
  let index = indexes.get(list);
  if (!index) {
    index = new Map(list.entries.map((entry) => [entry.code, entry]));
    indexes.set(list, index);
  }
  return index.get(code);
}
