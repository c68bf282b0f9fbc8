import type { ImportMapping, MappedField } from './import-mapping.js';
import { ImportMappingError, type MappingProblem } from './import-mapping.errors.js';

/** Fields every row must give, by a column or the mapping's default. */
export const REQUIRED_FIELDS: readonly MappedField[] = [
  'permitNo',
  'permitClass',
  'holder.name',
  'holder.nationality',
  'holder.passportNo',
  'holder.birthDate',
  'employer.name',
  'employer.creditCode',
  'occupation.title',
  'validUntil',
];

/** Which column of this file holds each field (the first of the mapping's headers the file has). */
export type ColumnPlan = ReadonlyMap<MappedField, string>;

/**
 * The column of each field in a file with these headers. Throws ImportMappingError, before any
 * row is read, when a required field has neither a column nor a default, or neither issuedOn nor
 * validFrom has one (the other is taken from it).
 */
export function planColumns(mapping: ImportMapping, headers: readonly string[], file: string): ColumnPlan {
  const present = new Set(headers);
  const plan = new Map<MappedField, string>();
  for (const [field, names] of Object.entries(mapping.columns) as [MappedField, readonly string[]][]) {
    const header = names.find((name) => present.has(name));
    if (header !== undefined) plan.set(field, header);
  }
  const given = (field: MappedField): boolean => plan.has(field) || mapping.defaults[field] !== undefined;
  const problems: MappingProblem[] = REQUIRED_FIELDS.filter((field) => !given(field)).map((field) => missing(field, mapping));
  if (!given('issuedOn') && !given('validFrom')) problems.push(missing('issuedOn', mapping));
  if (problems.length > 0) throw new ImportMappingError(file, problems);
  return plan;
}

function missing(field: MappedField, mapping: ImportMapping): MappingProblem {
  const names = (mapping.columns[field] ?? []).join('、') || '(none)';
  return {
    path: field,
    rule: 'columnPresent',
    messageZh: `文件中没有 ${field} 对应的列（查找的表头：${names}）；请添加其中一列，或在映射文件 columns.${field} 中写明表头`,
    messageEn: `the file has no column for ${field} (headers looked for: ${names}); add one, or name the header in the mapping's columns.${field}`,
  };
}
