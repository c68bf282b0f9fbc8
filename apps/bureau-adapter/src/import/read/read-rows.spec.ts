import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { csvRows } from './csv-rows.js';
import { detectEncoding } from './detect-encoding.js';
import { openRows } from './open-rows.js';
import type { RowSource, SourceRow } from './source-row.js';

const dir = mkdtempSync(join(tmpdir(), 'bureau-import-read-'));
const HEADER = '许可证编号,姓名,国籍,用人单位';
const LINE = '310000202600000001,张伟,德国,上海示例科技有限公司';

async function all(source: RowSource): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of source.rows()) rows.push(row);
  return rows;
}

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('detectEncoding', () => {
  it('takes the UTF-8 byte-order mark, valid UTF-8, and anything else as GB18030 (GBK)', () => {
    expect(detectEncoding(Buffer.from('\uFEFF姓名', 'utf8'))).toEqual({ encoding: 'utf8', bomLength: 3 });
    expect(detectEncoding(Buffer.from('姓名,国籍', 'utf8'))).toEqual({ encoding: 'utf8', bomLength: 0 });
    expect(detectEncoding(iconv.encode('姓名,国籍', 'gbk'))).toEqual({ encoding: 'gb18030', bomLength: 0 });
  });

  it('still sees UTF-8 when the sample ends inside a character', () => {
    const bytes = Buffer.from('姓名国籍', 'utf8');
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1)).encoding).toBe('utf8');
  });
});

describe('csvRows', () => {
  it('reads a GBK file with Chinese headers and cells', async () => {
    const source = await csvRows(file('gbk.csv', iconv.encode(`${HEADER}\r\n${LINE}\r\n`, 'gbk')));
    const [row] = await all(source);
    expect(source.encoding).toBe('gb18030');
    expect(source.headers()).toEqual(['许可证编号', '姓名', '国籍', '用人单位']);
    expect(row?.row).toBe(2);
    expect(row?.cells.get('姓名')).toBe('张伟');
    expect(row?.cells.get('用人单位')).toBe('上海示例科技有限公司');
  });

  it('reads UTF-8 with a byte-order mark (the BOM is not part of the first header)', async () => {
    const source = await csvRows(file('bom.csv', `\uFEFF${HEADER}\n${LINE}\n`));
    const [row] = await all(source);
    expect(source.encoding).toBe('utf8');
    expect(row?.cells.get('许可证编号')).toBe('310000202600000001');
  });

  it('reads tab-separated files, quoted cells with commas and line breaks, and numbers rows by line', async () => {
    const source = await csvRows(file('tabs.csv', `姓名\t备注\nA\t"x, y"\n\nB\t"two\nlines"\nC\tz\n`));
    const rows = await all(source);
    expect(rows.map((row) => [row.row, row.cells.get('姓名'), row.cells.get('备注')])).toEqual([
      [2, 'A', 'x, y'],
      [5, 'B', 'two\nlines'],
      [6, 'C', 'z'],
    ]);
  });

  it('flags a row with more cells than headers', async () => {
    const [row] = await all(await csvRows(file('extra.csv', `a,b\n1,2,3\n`)));
    expect(row?.issues).toEqual([expect.objectContaining({ row: 2, column: '#3', rule: 'columnCount' })]);
  });

  it('refuses a row with bytes the detected encoding cannot read, rather than pass on a garbled name', async () => {
    // 70 KB of plain ASCII rows first: the sample reads as UTF-8.
    const ascii = Buffer.from(`name,note\n${'A,y\n'.repeat(17_500)}`);
    const gbkLine = Buffer.concat([iconv.encode('张伟', 'gbk'), Buffer.from(',x\n')]);
    const source = await csvRows(file('mixed.csv', Buffer.concat([ascii, gbkLine])));
    const rows = await all(source);
    expect(source.encoding).toBe('utf8');
    expect(rows.filter((row) => row.issues.length > 0).map((row) => row.issues.map(({ column, rule }) => [row.row, column, rule]))).toEqual(
      [[[17_502, 'name', 'encoding']]],
    );
  });

  it('stops with a clear error on broken quoting', async () => {
    await expect(all(await csvRows(file('broken.csv', `a,b\n"1,2\n`)))).rejects.toThrow(/is not readable as CSV/);
  });
});

describe('xlsxRows', () => {
  it('streams the first sheet: text, dates as YYYY-MM-DD, and refuses an 18-digit number Excel rounded', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('许可证');
    sheet.addRow(['许可证编号', '姓名', '出生日期', '积分']);
    sheet.addRow(['310000202600000001', 'Élodie', new Date(Date.UTC(1988, 3, 12)), 72]);
    // An 18-digit permit number typed into a General cell: Excel keeps only 15 significant digits.
    sheet.addRow([Number('310000202600000002'), 'Kim', '1990/1/2', 61]);
    workbook.addWorksheet('other').addRow(['ignored']);
    const path = join(dir, 'permits.xlsx');
    await workbook.xlsx.writeFile(path);
    const rows = await all(await openRows(path));
    expect(rows.map((row) => [row.row, Object.fromEntries(row.cells)])).toEqual([
      [2, { 许可证编号: '310000202600000001', 姓名: 'Élodie', 出生日期: '1988-04-12', 积分: '72' }],
      [3, { 姓名: 'Kim', 出生日期: '1990/1/2', 积分: '61' }],
    ]);
    expect(rows[1]?.issues).toEqual([expect.objectContaining({ row: 3, column: '许可证编号', rule: 'numberAsText' })]);
  });
});

describe('jsonlRows', () => {
  it('reads one object a line; a broken line or a nested value is that row’s issue only', async () => {
    const path = file('permits.jsonl', `{"许可证编号":"310000202600000001","积分":72}\n\nnot json\n{"姓名":{"x":1}}\n{"姓名":"B"}\n`);
    const rows = await all(await openRows(path));
    expect(rows.map((row) => [row.row, Object.fromEntries(row.cells), row.issues.map((issue) => issue.rule)])).toEqual([
      [1, { 许可证编号: '310000202600000001', 积分: '72' }, []],
      [3, {}, ['jsonObject']],
      [4, {}, ['scalar']],
      [5, { 姓名: 'B' }, []],
    ]);
  });
});

describe('openRows', () => {
  it('refuses a file type it does not read, in both languages', async () => {
    await expect(openRows(file('permits.xls', 'x'))).rejects.toThrow(/unknown file type.*未知文件类型/);
  });
});
