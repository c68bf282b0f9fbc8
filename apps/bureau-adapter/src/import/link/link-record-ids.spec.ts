import { describe, expect, it } from '@jest/globals';
import { aPermitRecord } from '../../permits/testing/a-permit-record.js';
import type { MappedField } from '../mapping/import-mapping.js';
import type { BureauRecordIds } from './bureau-record-ids.js';
import { linkRecordIds, type NumberedRow } from './link-record-ids.js';

const columnOf = (field: MappedField): string => (field === 'recordId' ? '记录编号' : field);

/** The system of record holding these permit numbers under these ids; it counts the numbers asked for. */
function systemHolding(held: Record<string, string>): BureauRecordIds & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    recordIdsOf: (permitNos) => {
      asked.push(...permitNos);
      return Promise.resolve(new Map(Object.entries(held).filter(([permitNo]) => permitNos.includes(permitNo))));
    },
  };
}

function row(n: number, permitNo: string, fileRecordId?: string, issues: NumberedRow['issues'] = []): NumberedRow {
  const record = aPermitRecord({ recordId: fileRecordId ?? permitNo, permitNo });
  return { row: n, record, issues, ...(fileRecordId === undefined ? {} : { fileRecordId }) };
}

describe('linkRecordIds', () => {
  it('gives a permit the system holds its id there, keeps the others, and refuses a record id column naming another record', async () => {
    const system = systemHolding({
      '310000202600000001': 'fwp.permit:5',
      '310000202600000003': 'fwp.permit:7',
      '310000202600000004': 'fwp.permit:8',
    });
    const linked = await linkRecordIds(
      [
        row(2, '310000202600000001'),
        row(3, '310000202600000002', 'SH-WP-2'),
        row(4, '310000202600000003', 'SH-WP-3'),
        row(5, '310000202600000004', '8'),
        row(6, '310000202600000001', 'fwp.permit:5'),
      ],
      system,
      columnOf,
    );
    expect(linked.map(({ record, issues }) => [record.recordId, issues.map((issue) => `${issue.column} ${issue.rule}`)])).toEqual([
      ['fwp.permit:5', []],
      ['SH-WP-2', []],
      ['SH-WP-3', ['记录编号 recordIdOfBureau']],
      ['fwp.permit:8', []],
      ['fwp.permit:5', []],
    ]);
    expect(linked[2]?.issues[0]).toMatchObject({
      row: 4,
      messageEn: `the bureau's system of record holds permit 310000202600000003 as fwp.permit:7, not "SH-WP-3"; correct the cell or leave it empty`,
    });
  });

  it('asks nothing for rows already refused, and changes nothing without a system of record', async () => {
    const refused = row(2, '310000202600000001', undefined, [
      { row: 2, column: '国籍', rule: 'nationality', messageZh: '国籍无法识别', messageEn: 'nationality is not known' },
    ]);
    const system = systemHolding({ '310000202600000001': 'fwp.permit:5' });
    expect(await linkRecordIds([refused], system, columnOf)).toEqual([refused]);
    expect(system.asked).toEqual([]);
    const plain = row(3, '310000202600000001');
    expect(await linkRecordIds([plain], undefined, columnOf)).toEqual([plain]);
  });
});
