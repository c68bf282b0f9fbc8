import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { planColumns } from './column-plan.js';
import { ImportMappingError } from './import-mapping.errors.js';
import { DEFAULT_MAPPING_FILE, layMapping, MAPPED_FIELDS, readMappingFile } from './import-mapping.js';

const dir = mkdtempSync(join(tmpdir(), 'bureau-import-mapping-'));

function mappingFile(content: string): string {
  const path = join(dir, `mapping-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, content);
  return path;
}

function problemsOf(action: () => unknown): { path: string; rule: string }[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ImportMappingError) return error.problems.map(({ path, rule }) => ({ path, rule }));
    throw error;
  }
  throw new Error('expected an ImportMappingError');
}

const CHINESE_HEADERS = [
  '许可证编号',
  '许可类别',
  '姓名',
  '国籍',
  '护照号码',
  '出生日期',
  '用人单位',
  '统一社会信用代码',
  '工作岗位',
  '发证日期',
  '有效期至',
];

describe('the default mapping (config/bureau/import-mapping.default.json)', () => {
  const mapping = readMappingFile(DEFAULT_MAPPING_FILE);

  it('is valid and names headers for every field', () => {
    expect(Object.keys(mapping.columns).sort()).toEqual([...MAPPED_FIELDS].sort());
  });

  it('finds every required field in a file with the usual Chinese headers', () => {
    const plan = planColumns(mapping, CHINESE_HEADERS, 'permits.csv');
    expect(plan.get('holder.passportNo')).toBe('护照号码');
    expect(plan.get('validUntil')).toBe('有效期至');
    expect(plan.get('employer.creditCode')).toBe('统一社会信用代码');
  });
});

describe('mapping errors', () => {
  it('names each unknown member, unknown field and wrong value with its path and rule', () => {
    const file = mappingFile(
      JSON.stringify({
        colums: {},
        columns: { 'holder.nam': ['姓名'], permitNo: [] },
        values: { status: ['x'] },
        defaults: { version: 1 },
      }),
    );
    expect(problemsOf(() => readMappingFile(file))).toEqual([
      { path: 'colums', rule: 'knownMember' },
      { path: 'columns.holder.nam', rule: 'knownField' },
      { path: 'columns.permitNo', rule: 'headerList' },
      { path: 'values.status', rule: 'valueTable' },
      { path: 'defaults.version', rule: 'isString' },
    ]);
  });

  it('says so when the file is not JSON or cannot be read, in both languages', () => {
    expect(() => readMappingFile(mappingFile('{ columns: '))).toThrow(/not valid JSON.*映射文件不是有效的 JSON/s);
    expect(problemsOf(() => readMappingFile(join(dir, 'missing.json')))).toEqual([{ path: '', rule: 'readable' }]);
  });

  it('refuses, before any row, a file without a column for a required field, naming the headers looked for', () => {
    const mapping = readMappingFile(DEFAULT_MAPPING_FILE);
    const headers = CHINESE_HEADERS.filter((header) => header !== '护照号码' && header !== '发证日期');
    expect(problemsOf(() => planColumns(mapping, headers, 'permits.csv'))).toEqual([
      { path: 'holder.passportNo', rule: 'columnPresent' },
      { path: 'issuedOn', rule: 'columnPresent' },
    ]);
    expect(() => planColumns(mapping, headers, 'permits.csv')).toThrow(/护照号码、护照号、passportNo/);
  });

  it('lays a bureau’s own mapping over the default field by field', () => {
    const own = readMappingFile(
      mappingFile(JSON.stringify({ columns: { 'holder.passportNo': ['证件号码'] }, defaults: { workRegion: '310115' } })),
    );
    const mapping = layMapping(readMappingFile(DEFAULT_MAPPING_FILE), own);
    const headers = CHINESE_HEADERS.map((header) => (header === '护照号码' ? '证件号码' : header));
    expect(planColumns(mapping, headers, 'permits.csv').get('holder.passportNo')).toBe('证件号码');
    expect(mapping.defaults).toEqual({ version: '1', status: 'issued', workRegion: '310115' });
    expect(mapping.columns['holder.name']).toContain('姓名');
  });
});
