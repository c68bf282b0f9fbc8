import type { PermitClass } from '@hub/contracts';
import { PERMIT_STATUSES, type PermitRecord, type PermitStatus } from '../../permits/permit-record.js';
import type { RowIssue, SourceRow } from '../read/source-row.js';
import { REQUIRED_FIELDS, type ColumnPlan } from './column-plan.js';
import type { ImportMapping, MappedField } from './import-mapping.js';
import { parseDate } from './parse-date.js';
import { parseNationality } from './parse-nationality.js';

/**
 * A row mapped: the permit record it stands for, and what is wrong with it. When `issues` is not
 * empty the record is partial (fields that could not be read are missing) and serves only to find
 * the row's other issues.
 */
export interface MappedRow {
  readonly record: PermitRecord;
  readonly issues: readonly RowIssue[];
  /** The record id the file's record id column gives, when it has one and the cell is not empty. */
  readonly fileRecordId?: string;
}

/** What a row's fields default to beyond the mapping's defaults: the bureau's own region. */
export interface RowDefaults {
  /** GB/T 2260 region of the workplace when the file has no column for it (the bureau's province). */
  readonly workRegion: string;
}

/** The envelope's recordid: the bureau's own record id. */
const RECORD_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const DATE_FIELDS = new Set<MappedField>(['holder.birthDate', 'issuedOn', 'validFrom', 'validUntil', 'statusOn']);
const UPPER_FIELDS = new Set<MappedField>(['holder.passportNo', 'employer.creditCode', 'applicationNo']);
const NO_SPACE_FIELDS = new Set<MappedField>(['permitNo', 'holder.passportNo', 'employer.creditCode', 'workRegion', 'occupation.code']);

/**
 * Turns one row into a PermitRecord through the mapping: cells trimmed, value tables applied,
 * dates and nationalities read in the forms exports use, defaults filled in. Checks what the
 * contracts cannot see (a date that is no date, a status that is none); everything else is left
 * to the contracts' own validation of the events the record makes (see contractIssues).
 */
export class RowMapper {
  constructor(
    private readonly mapping: ImportMapping,
    private readonly plan: ColumnPlan,
    private readonly defaults: RowDefaults,
  ) {}

  /** The column a field was read from in this file, or the field's own name when no column gives it. */
  columnOf(field: MappedField): string {
    return this.plan.get(field) ?? field;
  }

  map(row: SourceRow): MappedRow {
    const issues = [...row.issues];
    const raw = (field: MappedField): string | undefined => this.valueOf(row, field);
    const fail = (field: MappedField, rule: string, messageZh: string, messageEn: string): undefined => {
      issues.push({ row: row.row, column: this.columnOf(field), rule, messageZh, messageEn });
      return undefined;
    };
    const text = (field: MappedField): string | undefined => {
      const value = raw(field);
      if (value !== undefined || !REQUIRED_FIELDS.includes(field)) return value;
      return fail(field, 'required', `必填项 ${field} 为空`, `${field} is required but empty`);
    };
    const date = (field: MappedField): string | undefined => {
      const value = text(field);
      if (value === undefined) return undefined;
      return (
        parseDate(value) ??
        fail(
          field,
          'date',
          `“${value}”不是可识别的日期（可用 2024-03-01、2024/3/1、2024年3月1日）`,
          `"${value}" is not a date (use 2024-03-01, 2024/3/1 or 2024年3月1日)`,
        )
      );
    };
    const integer = (field: MappedField, min: number): number | undefined => {
      const value = raw(field);
      if (value === undefined) return undefined;
      if (/^\d+$/.test(value) && Number(value) >= min && Number.isSafeInteger(Number(value))) return Number(value);
      return fail(field, 'integer', `“${value}”不是不小于 ${min} 的整数`, `"${value}" is not a whole number of at least ${min}`);
    };
    const nationality = (): string | undefined => {
      const value = text('holder.nationality');
      if (value === undefined) return undefined;
      return (
        parseNationality(value, this.mapping.values['holder.nationality']) ??
        fail(
          'holder.nationality',
          'nationality',
          `国籍“${value}”无法识别：请填写 ISO 3166-1 三字母代码（如 FRA）或中文国名（如 法国）`,
          `nationality "${value}" is not known: give the ISO 3166-1 alpha-3 code (e.g. FRA) or the name (e.g. 法国, France)`,
        )
      );
    };
    const status = (): PermitStatus | undefined => {
      const value = text('status') ?? 'issued';
      if ((PERMIT_STATUSES as readonly string[]).includes(value)) return value as PermitStatus;
      return fail(
        'status',
        'status',
        `状态“${value}”无法识别：须为 ${PERMIT_STATUSES.join('、')} 之一，或在映射文件 values.status 中写明其含义`,
        `status "${value}" is not known: it must be one of ${PERMIT_STATUSES.join(', ')}, or mapped in the mapping's values.status`,
      );
    };

    const permitNo = text('permitNo');
    const fileRecordId = this.plan.has('recordId') ? raw('recordId') : undefined;
    const recordId = fileRecordId ?? raw('recordId') ?? permitNo;
    if (recordId !== undefined && !RECORD_ID.test(recordId)) {
      // Without a record id column the permit number is the record id, and its cell is the one to fix.
      fail(
        this.plan.has('recordId') ? 'recordId' : 'permitNo',
        'recordId',
        `记录编号“${recordId}”须为 1–128 位字母、数字或 . _ : -`,
        `record id "${recordId}" must be 1–128 letters, digits or . _ : -`,
      );
    }
    const issuedOn = date('issuedOn');
    const validFrom = date('validFrom');
    const record = {
      recordId,
      version: integer('version', 1) ?? 1,
      permitNo,
      permitClass: text('permitClass') as PermitClass | undefined,
      points: integer('points', 0),
      holder: {
        passportNo: text('holder.passportNo'),
        nationality: nationality(),
        birthDate: date('holder.birthDate'),
        name: text('holder.name'),
      },
      employer: { creditCode: text('employer.creditCode'), name: text('employer.name') },
      occupation: { title: text('occupation.title'), code: raw('occupation.code') },
      workRegion: raw('workRegion') ?? this.defaults.workRegion,
      issuedOn: issuedOn ?? validFrom,
      validFrom: validFrom ?? issuedOn,
      validUntil: date('validUntil'),
      status: status(),
      statusOn: date('statusOn'),
      statusReason: raw('statusReason'),
      remarks: raw('remarks'),
      applicationNo: raw('applicationNo'),
    };
    if (record.issuedOn === undefined && !issues.some(({ column }) => column === this.columnOf('issuedOn'))) {
      fail('issuedOn', 'required', '发证日期与有效期起始日均为空', 'issuedOn and validFrom are both empty');
    }
    return { record: withoutUndefined(record) as unknown as PermitRecord, issues, ...(fileRecordId === undefined ? {} : { fileRecordId }) };
  }

  /** The field's value in this row: trimmed, normalised, through the value table; the default when the cell is empty. */
  private valueOf(row: SourceRow, field: MappedField): string | undefined {
    const header = this.plan.get(field);
    let value = header === undefined ? '' : (row.cells.get(header) ?? '').trim();
    if (value === '') return this.mapping.defaults[field];
    if (NO_SPACE_FIELDS.has(field)) value = value.replace(/\s+/g, '');
    if (UPPER_FIELDS.has(field)) value = value.toUpperCase();
    if (DATE_FIELDS.has(field) || field === 'holder.nationality') return value;
    return this.mapping.values[field]?.[value] ?? value;
  }
}

/** The record without members whose value is undefined, nested objects included, so its JSON and hash are stable. */
function withoutUndefined(value: object): object {
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .map(([key, member]) => [key, typeof member === 'object' && member !== null ? withoutUndefined(member as object) : member]),
  );
}
