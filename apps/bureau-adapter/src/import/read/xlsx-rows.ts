import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { cellText } from './cell-text.js';
import { ImportFileError } from './import-file.errors.js';
import type { RowIssue, RowSource, SourceRow } from './source-row.js';

/**
 * Rows of the first worksheet of an XLSX workbook, streamed (the workbook is never held whole in
 * memory): the first non-empty row is the header, and row numbers are the sheet's own. Styles are
 * read because a date cell is a number that only its format makes a date.
 */
export function xlsxRows(file: string): RowSource {
  let bytes = 0;
  let headers: string[] = [];
  async function* rows(): AsyncGenerator<SourceRow> {
    const input = createReadStream(file).on('data', (chunk) => (bytes += chunk.length));
    const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache' });
    try {
      for await (const sheet of workbook) {
        for await (const row of sheet) {
          const values = Array.isArray(row.values) ? (row.values as unknown[]) : [];
          if (headers.length === 0) {
            headers = values.slice(1).map(headerText);
            continue;
          }
          yield rowOf(values, row.number, headers);
        }
        break;
      }
    } catch (error) {
      throw new ImportFileError(`${file} is not readable as an XLSX workbook: ${(error as Error).message}`, { file }, { cause: error });
    } finally {
      input.destroy();
    }
  }
  return { headers: () => headers, rows, bytesRead: () => bytes };
}

function headerText(value: unknown): string {
  const cell = cellText(value);
  return 'text' in cell ? cell.text.trim() : '';
}

/** Cells by header; exceljs numbers cells from 1. */
function rowOf(values: readonly unknown[], row: number, headers: readonly string[]): SourceRow {
  const cells = new Map<string, string>();
  const issues: RowIssue[] = [];
  headers.forEach((header, index) => {
    const cell = cellText(values[index + 1]);
    if ('text' in cell) cells.set(header, cell.text);
    else issues.push({ row, column: header, ...cell.issue });
  });
  return { row, cells, issues };
}
