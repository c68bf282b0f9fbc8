import { describe, expect, it } from '@jest/globals';
import { toCsv } from './report-export.js';
import type { ExportTableSpec } from './report-columns.js';

interface Row {
  readonly name: string;
  readonly count: number | null;
}

const table: ExportTableSpec<Row> = {
  sheet: { zh: '表', en: 'Table' },
  columns: [
    { zh: '名称', en: 'Name', value: (row) => row.name },
    { zh: '件数', en: 'Count', value: (row) => row.count },
  ],
};

describe('CSV export', () => {
  it('starts with a UTF-8 byte order mark and ends each line with CRLF', () => {
    const csv = toCsv(table, [{ name: '上海市', count: 3 }], 'zh');
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv).toBe('\uFEFF名称,件数\r\n上海市,3\r\n');
  });

  it('quotes commas, quotes and line breaks, leaves empty cells empty, and keeps formula-like text as text', () => {
    const csv = toCsv(
      table,
      [
        { name: 'a,b "c"\nd', count: null },
        { name: '=HYPERLINK("x")', count: -1 },
      ],
      'en',
    );
    expect(csv).toBe('\uFEFFName,Count\r\n"a,b ""c""\nd",\r\n"\'=HYPERLINK(""x"")",-1\r\n');
  });
});
