import { extname } from 'node:path';
import { csvRows } from './csv-rows.js';
import { ImportFileError } from './import-file.errors.js';
import { jsonlRows } from './jsonl-rows.js';
import type { RowSource } from './source-row.js';
import { xlsxRows } from './xlsx-rows.js';

/** The formats the import reads, by file name extension. */
export const IMPORT_FORMATS: Readonly<Record<string, 'csv' | 'xlsx' | 'jsonl'>> = {
  '.csv': 'csv',
  '.txt': 'csv',
  '.tsv': 'csv',
  '.xlsx': 'xlsx',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

/** The rows of an import file, read as its extension says. */
export async function openRows(file: string): Promise<RowSource> {
  const format = IMPORT_FORMATS[extname(file).toLowerCase()];
  if (format === undefined) {
    throw new ImportFileError(
      `${file}: unknown file type; name it .csv (UTF-8 or GBK), .xlsx or .jsonl (JSON Lines). 未知文件类型，请使用 .csv、.xlsx 或 .jsonl`,
      { file },
    );
  }
  switch (format) {
    case 'csv':
      return csvRows(file);
    case 'xlsx':
      return xlsxRows(file);
    case 'jsonl':
      return jsonlRows(file);
  }
}
