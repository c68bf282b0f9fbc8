import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { cellText } from './cell-text.js';
import type { RowIssue, RowSource, SourceRow } from './source-row.js';

/**
 * Rows of a JSON Lines file (UTF-8, one flat JSON object a line; blank lines skipped): the keys are
 * the columns, and a row's number is its line number. A line that is not a JSON object is a row
 * with an issue, not the end of the import.
 */
export function jsonlRows(file: string): RowSource {
  let bytes = 0;
  let headers: string[] = [];
  async function* rows(): AsyncGenerator<SourceRow> {
    const input = createReadStream(file, { encoding: 'utf8' }).on('data', (chunk) => (bytes += Buffer.byteLength(chunk)));
    const lines = createInterface({ input, crlfDelay: Infinity });
    let row = 0;
    try {
      for await (const line of lines) {
        row += 1;
        const text = row === 1 ? line.replace(/^\uFEFF/, '') : line;
        if (text.trim() === '') continue;
        const parsed = rowOf(text, row);
        if (headers.length === 0) headers = [...parsed.cells.keys()];
        yield parsed;
      }
    } finally {
      input.destroy();
    }
  }
  return { headers: () => headers, rows, bytesRead: () => bytes };
}

function rowOf(line: string, row: number): SourceRow {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return notAnObject(row);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return notAnObject(row);
  const cells = new Map<string, string>();
  const issues: RowIssue[] = [];
  for (const [key, member] of Object.entries(value)) {
    const cell = typeof member === 'object' && member !== null ? { issue: SCALAR } : cellText(member);
    if ('text' in cell) cells.set(key, cell.text);
    else issues.push({ row, column: key, ...cell.issue });
  }
  return { row, cells, issues };
}

const SCALAR = {
  rule: 'scalar',
  messageZh: '值须为文本、数字或布尔值，不能是对象或数组',
  messageEn: 'the value must be text, a number or a boolean, not an object or array',
};

function notAnObject(row: number): SourceRow {
  const issue: RowIssue = {
    row,
    column: '',
    rule: 'jsonObject',
    messageZh: '该行不是一个 JSON 对象',
    messageEn: 'the line is not a JSON object',
  };
  return { row, cells: new Map(), issues: [issue] };
}
