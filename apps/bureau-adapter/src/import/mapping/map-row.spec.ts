import { describe, expect, it } from '@jest/globals';
import type { SourceRow } from '../read/source-row.js';
import { planColumns } from './column-plan.js';
import { DEFAULT_MAPPING_FILE, readMappingFile } from './import-mapping.js';
import { RowMapper } from './map-row.js';

const mapping = readMappingFile(DEFAULT_MAPPING_FILE);
const CELLS = {
  许可证编号: '310000202600000001',
  许可类别: 'B类',
  姓名: 'Élodie Marchand',
  国籍: '法国',
  护照号码: 'e 1234 5678',
  出生日期: '1988/4/12',
  用人单位: '上海示例科技有限公司',
  统一社会信用代码: '91310000ma1fl4xxxx',
  工作岗位: '工程师',
  发证日期: '2024年3月1日',
  有效期至: '2026/2/28',
  状态: '已撤销',
  状态日期: '2025-06-15',
  原因: '非法就业',
};

function mapperFor(headers: readonly string[]): RowMapper {
  return new RowMapper(mapping, planColumns(mapping, headers, 'permits.csv'), { workRegion: '310000' });
}

function rowOf(cells: Record<string, string>): SourceRow {
  return { row: 7, cells: new Map(Object.entries(cells)), issues: [] };
}

describe('RowMapper', () => {
  it('maps a row with Chinese headers and values to a PermitRecord', () => {
    const { record, issues } = mapperFor(Object.keys(CELLS)).map(rowOf(CELLS));
    expect(issues).toEqual([]);
    expect(record).toEqual({
      recordId: '310000202600000001',
      version: 1,
      permitNo: '310000202600000001',
      permitClass: 'B',
      holder: { passportNo: 'E12345678', nationality: 'FRA', birthDate: '1988-04-12', name: 'Élodie Marchand' },
      employer: { creditCode: '91310000MA1FL4XXXX', name: '上海示例科技有限公司' },
      occupation: { title: '工程师' },
      workRegion: '310000',
      issuedOn: '2024-03-01',
      validFrom: '2024-03-01',
      validUntil: '2026-02-28',
      status: 'revoked',
      statusOn: '2025-06-15',
      statusReason: 'illegal-employment',
    });
  });

  it('reports every unreadable cell of a row under its column, with zh and en messages', () => {
    const cells = { ...CELLS, 国籍: '火星', 出生日期: '1988-02-30', 状态: '作废', 姓名: ' ', 许可证编号: '3100/0001' };
    const { issues } = mapperFor(Object.keys(cells)).map(rowOf(cells));
    expect(issues.map(({ row, column, rule }) => [row, column, rule])).toEqual([
      [7, '许可证编号', 'recordId'],
      [7, '国籍', 'nationality'],
      [7, '出生日期', 'date'],
      [7, '姓名', 'required'],
      [7, '状态', 'status'],
    ]);
    expect(issues[1]?.messageZh).toContain('火星');
    expect(issues[1]?.messageEn).toContain('ISO 3166-1 alpha-3');
  });

  it('takes record id and version from their columns when the file has them', () => {
    const cells = { ...CELLS, 记录编号: 'SH-WP-9', 版本号: '3' };
    const { record } = mapperFor(Object.keys(cells)).map(rowOf(cells));
    expect([record.recordId, record.version]).toEqual(['SH-WP-9', 3]);
    const bad = mapperFor(Object.keys(cells)).map(rowOf({ ...cells, 版本号: '0' }));
    expect(bad.issues.map(({ column, rule }) => [column, rule])).toEqual([['版本号', 'integer']]);
  });
});
