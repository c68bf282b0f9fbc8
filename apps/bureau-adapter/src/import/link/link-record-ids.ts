import type { MappedField } from '../mapping/import-mapping.js';
import type { MappedRow } from '../mapping/map-row.js';
import type { BureauRecordIds } from './bureau-record-ids.js';

/** A mapped row and its row number in the file. */
export type NumberedRow = MappedRow & { readonly row: number };

/**
 * Gives each good row whose permit the bureau's system of record holds the record id the system
 * gives it (what change capture publishes it under). A record id column that names another record
 * refuses the row (rule `recordIdOfBureau`): publishing it would make a second record of the same
 * permit. The bare id of the system's row (`42` for `fwp.permit:42`) is the same record. Rows the
 * system does not hold keep the file's record id, or their permit number.
 */
export async function linkRecordIds(
  rows: readonly NumberedRow[],
  ids: BureauRecordIds | undefined,
  columnOf: (field: MappedField) => string,
): Promise<NumberedRow[]> {
  if (!ids) return [...rows];
  const linked = await ids.recordIdsOf(rows.filter(({ issues }) => issues.length === 0).map(({ record }) => record.permitNo));
  return rows.map((mapped) => {
    const recordId = mapped.issues.length === 0 ? linked.get(mapped.record.permitNo) : undefined;
    if (recordId === undefined || recordId === mapped.record.recordId) return mapped;
    const given = mapped.fileRecordId;
    if (given !== undefined && given !== recordId && `${recordId.slice(0, recordId.lastIndexOf(':') + 1)}${given}` !== recordId) {
      return {
        ...mapped,
        issues: [
          {
            row: mapped.row,
            column: columnOf('recordId'),
            rule: 'recordIdOfBureau',
            messageZh: `本局业务系统中许可证 ${mapped.record.permitNo} 的记录编号为 ${recordId}，与文件中的“${given}”不符；请更正该列或留空`,
            messageEn: `the bureau's system of record holds permit ${mapped.record.permitNo} as ${recordId}, not "${given}"; correct the cell or leave it empty`,
          },
        ],
      };
    }
    return { ...mapped, record: { ...mapped.record, recordId } };
  });
}
