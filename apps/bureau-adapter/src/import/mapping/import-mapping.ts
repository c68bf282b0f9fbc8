import { readFileSync } from 'node:fs';
import { ImportMappingError, type MappingProblem } from './import-mapping.errors.js';

/** The permit fields an import file's columns map to (PermitRecord's, nested ones dotted). */
export const MAPPED_FIELDS = [
  'recordId',
  'version',
  'permitNo',
  'permitClass',
  'points',
  'holder.name',
  'holder.nationality',
  'holder.passportNo',
  'holder.birthDate',
  'employer.name',
  'employer.creditCode',
  'occupation.title',
  'occupation.code',
  'workRegion',
  'issuedOn',
  'validFrom',
  'validUntil',
  'status',
  'statusOn',
  'statusReason',
  'remarks',
  'applicationNo',
] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

/**
 * How an import file's columns become permit fields: for each field, the headers that may hold it
 * (the first one the file has wins); per field, the values a bureau writes and the value they mean
 * (`已撤销` → `revoked`); and a default for a field no column gives.
 */
export interface ImportMapping {
  readonly columns: Readonly<Partial<Record<MappedField, readonly string[]>>>;
  readonly values: Readonly<Partial<Record<MappedField, Readonly<Record<string, string>>>>>;
  readonly defaults: Readonly<Partial<Record<MappedField, string>>>;
}

/** Where the documented default mapping lives, relative to the directory the command runs in. */
export const DEFAULT_MAPPING_FILE = 'config/bureau/import-mapping.default.json';

/** Reads and checks a mapping file; throws ImportMappingError naming every problem (path, rule, zh/en). */
export function readMappingFile(file: string): ImportMapping {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ImportMappingError(file, [
      problem('', 'readable', `无法读取映射文件：${String(error)}`, `cannot read the file: ${String(error)}`),
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ImportMappingError(file, [problem('', 'json', '映射文件不是有效的 JSON', `not valid JSON: ${(error as Error).message}`)]);
  }
  const problems: MappingProblem[] = [];
  const mapping = checkMapping(json, problems);
  if (problems.length > 0) throw new ImportMappingError(file, problems);
  return mapping;
}

/** `override` laid over `base` field by field: a field's headers, value table or default in `override` replaces base's. */
export function layMapping(base: ImportMapping, override: ImportMapping): ImportMapping {
  return {
    columns: { ...base.columns, ...override.columns },
    values: { ...base.values, ...override.values },
    defaults: { ...base.defaults, ...override.defaults },
  };
}

function checkMapping(json: unknown, problems: MappingProblem[]): ImportMapping {
  if (!isObject(json)) {
    problems.push(problem('', 'isObject', '映射文件须为 JSON 对象', 'the mapping must be a JSON object'));
    return { columns: {}, values: {}, defaults: {} };
  }
  for (const key of Object.keys(json)) {
    if (!['$comment', 'columns', 'values', 'defaults'].includes(key)) {
      problems.push(
        problem(key, 'knownMember', '未知成员（允许 columns、values、defaults）', 'unknown member (allowed: columns, values, defaults)'),
      );
    }
  }
  return {
    columns: fieldTable(
      json['columns'],
      'columns',
      problems,
      isHeaderList,
      '须为非空的表头名称数组',
      'must be a non-empty array of header names',
    ),
    values: fieldTable(
      json['values'],
      'values',
      problems,
      isValueTable,
      '须为 { 文件中的值: 含义 } 对象',
      'must be an object of { value in the file: meaning }',
    ),
    defaults: fieldTable(json['defaults'], 'defaults', problems, (value) => typeof value === 'string', '须为字符串', 'must be a string'),
  };
}

function fieldTable<T>(
  table: unknown,
  path: string,
  problems: MappingProblem[],
  valid: (value: unknown) => value is T,
  zh: string,
  en: string,
): Partial<Record<MappedField, T>> {
  if (table === undefined) return {};
  if (!isObject(table)) {
    problems.push(problem(path, 'isObject', `${path} 须为以字段名为键的对象`, `${path} must be an object keyed by field`));
    return {};
  }
  const result: Partial<Record<MappedField, T>> = {};
  for (const [field, value] of Object.entries(table)) {
    if (!isMappedField(field)) {
      problems.push(
        problem(
          `${path}.${field}`,
          'knownField',
          `未知字段；可用字段：${MAPPED_FIELDS.join(', ')}`,
          `unknown field; the fields are ${MAPPED_FIELDS.join(', ')}`,
        ),
      );
    } else if (!valid(value)) {
      problems.push(problem(`${path}.${field}`, path === 'columns' ? 'headerList' : path === 'values' ? 'valueTable' : 'isString', zh, en));
    } else {
      result[field] = value;
    }
  }
  return result;
}

export function isMappedField(field: string): field is MappedField {
  return (MAPPED_FIELDS as readonly string[]).includes(field);
}

function isHeaderList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.length > 0 && value.every((header) => typeof header === 'string' && header.trim() !== '');
}

function isValueTable(value: unknown): value is Readonly<Record<string, string>> {
  return isObject(value) && Object.values(value).every((meaning) => typeof meaning === 'string');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problem(path: string, rule: string, messageZh: string, messageEn: string): MappingProblem {
  return { path, rule, messageZh, messageEn };
}
