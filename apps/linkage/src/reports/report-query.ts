import { findCode, PROVINCES } from '@hub/contracts';
import type { MonthlyReportQuery } from './monthly-report.repository.js';
import { invalidRequest, type LinkageIssue } from '../api-access/index.js';
import { monthsFromTo, shanghaiDate } from './shanghai-time.js';

/** The longest report a request may ask for, in months (ten years). */
export const MAX_REPORT_MONTHS = 120;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export type ExportFormat = 'csv' | 'xlsx';
export type ExportLanguage = 'zh' | 'en';
/** The table a CSV holds (an XLSX workbook holds both, one sheet each). */
export type ExportTable = 'monthly' | 'cases';

export interface ExportQuery extends MonthlyReportQuery {
  readonly format: ExportFormat;
  readonly lang: ExportLanguage;
  readonly table: ExportTable;
}

type RawQuery = Readonly<Record<string, unknown>>;

/** Reads `?province=&from=YYYY-MM&to=YYYY-MM&asOf=YYYY-MM-DD`; throws a 400 problem naming each bad parameter (query.<name>) and rule. */
export function parseMonthlyQuery(raw: RawQuery, now: Date): MonthlyReportQuery {
  const issues: LinkageIssue[] = [];
  const query = readMonthly(raw, now, issues, ['province', 'from', 'to', 'asOf']);
  if (issues.length > 0) throw invalidRequest(issues);
  return query;
}

/** As parseMonthlyQuery, plus `format=csv|xlsx` (required), `lang=zh|en` (default zh) and `table=monthly|cases` (default monthly). */
export function parseExportQuery(raw: RawQuery, now: Date): ExportQuery {
  const issues: LinkageIssue[] = [];
  const query = readMonthly(raw, now, issues, ['province', 'from', 'to', 'asOf', 'format', 'lang', 'table']);
  const format = oneOf(raw, 'format', ['csv', 'xlsx'] as const, undefined, issues);
  const lang = oneOf(raw, 'lang', ['zh', 'en'] as const, 'zh', issues);
  const table = oneOf(raw, 'table', ['monthly', 'cases'] as const, 'monthly', issues);
  if (issues.length > 0 || !format || !lang || !table) throw invalidRequest(issues);
  return { ...query, format, lang, table };
}

function readMonthly(raw: RawQuery, now: Date, issues: LinkageIssue[], known: readonly string[]): MonthlyReportQuery {
  for (const name of Object.keys(raw)
    .filter((key) => !known.includes(key))
    .sort()) {
    issues.push(
      issue(
        name,
        'isKnownParameter',
        `${name} is not a parameter of this report; use ${known.join(', ')}`,
        `${name} 不是该报表的参数；可用参数：${known.join('、')}`,
      ),
    );
  }
  const province = single(raw, 'province', issues);
  if (province !== undefined && (!/^\d{6}$/.test(province) || !province.endsWith('0000') || !findCode(PROVINCES, province))) {
    issues.push(
      issue(
        'province',
        'isProvince',
        'province must be a GB/T 2260 province code such as 310000 (or left out for every province)',
        'province 须为 GB/T 2260 省级行政区划代码（如 310000），省略则为全部省份',
      ),
    );
  }
  const from = month(raw, 'from', issues);
  const to = month(raw, 'to', issues);
  if (from && to && from > to) {
    issues.push(issue('to', 'isNotBeforeFrom', 'to must be the same month as from or later', 'to 不得早于 from'));
  } else if (from && to && monthsFromTo(from, to).length > MAX_REPORT_MONTHS) {
    issues.push(
      issue(
        'to',
        'maxMonths',
        `a report covers at most ${MAX_REPORT_MONTHS} months; ask for a shorter span`,
        `每次最多查询 ${MAX_REPORT_MONTHS} 个月，请缩短区间`,
      ),
    );
  }
  const asOf = single(raw, 'asOf', issues);
  if (asOf !== undefined && !isCalendarDate(asOf)) {
    issues.push(
      issue(
        'asOf',
        'isCalendarDate',
        'asOf must be a calendar date YYYY-MM-DD (default: today in Asia/Shanghai)',
        'asOf 须为 YYYY-MM-DD 格式的日期（默认为北京时间今日）',
      ),
    );
  }
  return { ...(province ? { province } : {}), from: from ?? '', to: to ?? '', asOf: asOf ?? shanghaiDate(now) };
}

function month(raw: RawQuery, name: 'from' | 'to', issues: LinkageIssue[]): string | undefined {
  const value = single(raw, name, issues);
  if (value === undefined) {
    if (!issues.some((i) => i.path === `query.${name}`))
      issues.push(issue(name, 'isDefined', `${name} is required: a month YYYY-MM`, `${name} 为必填项：YYYY-MM 格式的月份`));
    return undefined;
  }
  if (MONTH.test(value)) return value;
  issues.push(issue(name, 'isMonth', `${name} must be a month YYYY-MM, such as 2026-03`, `${name} 须为 YYYY-MM 格式的月份，如 2026-03`));
  return undefined;
}

function oneOf<T extends string>(
  raw: RawQuery,
  name: string,
  values: readonly T[],
  fallback: T | undefined,
  issues: LinkageIssue[],
): T | undefined {
  const value = single(raw, name, issues);
  if (value === undefined) {
    if (fallback === undefined && !issues.some((i) => i.path === `query.${name}`)) {
      issues.push(
        issue(name, 'isDefined', `${name} is required: one of ${values.join(', ')}`, `${name} 为必填项，可选值：${values.join('、')}`),
      );
    }
    return fallback;
  }
  if ((values as readonly string[]).includes(value)) return value as T;
  issues.push(issue(name, 'isIn', `${name} must be one of ${values.join(', ')}`, `${name} 须为以下之一：${values.join('、')}`));
  return undefined;
}

/** A parameter given at most once, as text. */
function single(raw: RawQuery, name: string, issues: LinkageIssue[]): string | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  issues.push(issue(name, 'isSingle', `${name} must be given once, as plain text`, `${name} 只能提供一次，且为文本`));
  return undefined;
}

function isCalendarDate(value: string): boolean {
  const parsed = new Date(`${value}T00:00:00Z`);
  return DATE.test(value) && !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
}

function issue(name: string, rule: string, en: string, zh: string): LinkageIssue {
  return { path: `query.${name}`, rule, message: { en, zh } };
}
