import type { CaseSummary, CycleTime, ItemSummary } from './report-arithmetic.js';
import type { CaseSlaRow, MonthlyReportRow } from './monthly-report.js';
import type { ExportLanguage } from './report-query.js';

/** A cell: text, a number, or empty. */
export type Cell = string | number | null;

/** One column of an export: its header in each language and how a row fills it. */
export interface Column<R> {
  readonly zh: string;
  readonly en: string;
  readonly value: (row: R) => Cell;
}

/** A table of an export: sheet names and columns. */
export interface ExportTableSpec<R> {
  readonly sheet: { readonly zh: string; readonly en: string };
  readonly columns: readonly Column<R>[];
}

/** A rate (0..1) as a percentage with one decimal, so a spreadsheet reads 83.3 under a "(%)" header. */
function percent(value: number | null): Cell {
  return value === null ? null : Math.round(value * 1000) / 10;
}

function cycleColumns(zh: string, en: string, pick: (row: MonthlyReportRow) => CycleTime): Column<MonthlyReportRow>[] {
  return [
    { zh: `${zh}：件数`, en: `${en}: count`, value: (row) => pick(row).count },
    { zh: `${zh}：中位数（天）`, en: `${en}: median (days)`, value: (row) => pick(row).medianDays },
    { zh: `${zh}：第90百分位（天）`, en: `${en}: 90th percentile (days)`, value: (row) => pick(row).p90Days },
  ];
}

function itemColumns(
  zh: string,
  en: string,
  pick: (row: MonthlyReportRow) => ItemSummary,
  withBreaches: boolean,
): Column<MonthlyReportRow>[] {
  return [
    { zh: `${zh}：到期数`, en: `${en}: due`, value: (row) => pick(row).due },
    { zh: `${zh}：按期履行`, en: `${en}: fulfilled in time`, value: (row) => pick(row).fulfilledInTime },
    { zh: `${zh}：逾期履行`, en: `${en}: fulfilled late`, value: (row) => pick(row).fulfilledLate },
    { zh: `${zh}：逾期未履行`, en: `${en}: overdue`, value: (row) => pick(row).overdue },
    { zh: `${zh}：未到期`, en: `${en}: not yet due`, value: (row) => pick(row).pending },
    ...(withBreaches ? [{ zh: `${zh}：违反承诺`, en: `${en}: breached`, value: (row: MonthlyReportRow) => pick(row).breached }] : []),
    { zh: `${zh}：履行率（%）`, en: `${en}: fulfilment rate (%)`, value: (row) => percent(pick(row).fulfilmentRate) },
    { zh: `${zh}：按期履行率（%）`, en: `${en}: on-time rate (%)`, value: (row) => percent(pick(row).onTimeRate) },
    { zh: `${zh}：逾期率（%）`, en: `${en}: overdue rate (%)`, value: (row) => percent(pick(row).overdueRate) },
  ];
}

function caseColumns<R>(pick: (row: R) => CaseSummary, prefix: { zh: string; en: string }): Column<R>[] {
  const en = (text: string): string => (prefix.en ? `${prefix.en}${text}` : `${text.charAt(0).toUpperCase()}${text.slice(1)}`);
  return [
    { zh: `${prefix.zh}到期数`, en: en('due'), value: (row) => pick(row).due },
    { zh: `${prefix.zh}按期办结`, en: en('resolved by due date'), value: (row) => pick(row).resolvedByDueDate },
    { zh: `${prefix.zh}逾期办结`, en: en('resolved late'), value: (row) => pick(row).resolvedLate },
    { zh: `${prefix.zh}逾期未办结`, en: en('open overdue'), value: (row) => pick(row).openOverdue },
    { zh: `${prefix.zh}未到期未办结`, en: en('open within due date'), value: (row) => pick(row).openWithinDue },
    { zh: `${prefix.zh}无法计算期限`, en: en('no due date'), value: (row) => pick(row).withoutDueDate },
    { zh: `${prefix.zh}按期办结率（%）`, en: en('compliance rate (%)'), value: (row) => percent(pick(row).complianceRate) },
  ];
}

function placeColumns<R extends { province: string; month: string }>(
  name: (row: R, lang: ExportLanguage) => string,
): (lang: ExportLanguage) => Column<R>[] {
  return (lang) => [
    { zh: '省份代码', en: 'Province code', value: (row) => row.province },
    { zh: '省份', en: 'Province', value: (row) => name(row, lang) },
    { zh: '月份', en: 'Month', value: (row) => row.month },
  ];
}

/** The monthly table: one row per province and month. */
export function monthlyTable(lang: ExportLanguage): ExportTableSpec<MonthlyReportRow> {
  return {
    sheet: { zh: '月度报表', en: 'Monthly report' },
    columns: [
      ...placeColumns<MonthlyReportRow>((row, l) => row.provinceName[l])(lang),
      { zh: '签发工作许可：A类', en: 'Work permits issued: class A', value: (row) => row.permitsIssued.A },
      { zh: '签发工作许可：B类', en: 'Work permits issued: class B', value: (row) => row.permitsIssued.B },
      { zh: '签发工作许可：C类', en: 'Work permits issued: class C', value: (row) => row.permitsIssued.C },
      { zh: '签发工作许可：合计', en: 'Work permits issued: total', value: (row) => row.permitsIssued.total },
      ...cycleColumns('申请至工作许可', 'Application to work permit', (row) => row.cycleTimes.applicationToPermit),
      ...cycleColumns('工作许可至居留许可', 'Work permit to residence permit', (row) => row.cycleTimes.permitToResidence),
      ...cycleColumns(
        '工作许可至永久居留资格认定',
        'Work permit to permanent-residence eligibility',
        (row) => row.cycleTimes.permitToPermanentResidenceEligibility,
      ),
      ...itemColumns('告知承诺', 'Commitments (notify and commit)', (row) => row.commitments, true),
      ...itemColumns('容缺材料', 'Missing documents', (row) => row.missingDocuments, false),
      ...caseColumns<MonthlyReportRow>((row) => row.cases, { zh: '案件：', en: 'Cases: ' }),
    ],
  };
}

/** A row of the case table: one case kind and owning agency in a province and month. */
export interface CaseTableRow extends CaseSlaRow {
  readonly province: string;
  readonly provinceName: { readonly zh: string; readonly en: string };
  readonly month: string;
}

/** The case SLA table: one row per province, month, case kind and owning agency. */
export function caseTable(lang: ExportLanguage): ExportTableSpec<CaseTableRow> {
  return {
    sheet: { zh: '案件办理时限', en: 'Case SLA' },
    columns: [
      ...placeColumns<CaseTableRow>((row, l) => row.provinceName[l])(lang),
      { zh: '案件类型', en: 'Case kind', value: (row) => row.kind },
      { zh: '承办机构', en: 'Owning agency', value: (row) => row.ownerAgency },
      ...caseColumns<CaseTableRow>((row) => row, { zh: '', en: '' }),
    ],
  };
}

/** The case table's rows of a report. */
export function caseTableRows(rows: readonly MonthlyReportRow[]): CaseTableRow[] {
  return rows.flatMap((row) =>
    row.cases.byKindAndAgency.map((sla) => ({ ...sla, province: row.province, provinceName: row.provinceName, month: row.month })),
  );
}
