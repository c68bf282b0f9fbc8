import ExcelJS from 'exceljs';
import type { MonthlyReport } from './monthly-report.js';
import { caseTable, caseTableRows, monthlyTable, type Cell, type ExportTableSpec } from './report-columns.js';
import type { ExportLanguage, ExportQuery } from './report-query.js';

/** A file to answer with. */
export interface ExportFile {
  /** Rows of the report in the file (for the access log). */
  readonly rows: number;
  readonly contentType: string;
  readonly fileName: string;
  readonly body: Buffer;
}

/** The UTF-8 byte order mark: without it, Excel on Chinese Windows reads a CSV as GBK and garbles the Chinese headers. */
const BOM = '\uFEFF';

/** The report as the file the query asks for: a CSV of one table, or an XLSX workbook with both. */
export async function exportReport(report: MonthlyReport, query: ExportQuery): Promise<ExportFile> {
  const base = `linkage-monthly-report_${query.province ?? 'all'}_${query.from}_${query.to}_${query.lang}`;
  if (query.format === 'csv') {
    const body =
      query.table === 'cases'
        ? toCsv(caseTable(query.lang), caseTableRows(report.rows), query.lang)
        : toCsv(monthlyTable(query.lang), report.rows, query.lang);
    return {
      rows: report.rows.length,
      contentType: 'text/csv; charset=utf-8',
      fileName: `${base}_${query.table}.csv`,
      body: Buffer.from(body, 'utf8'),
    };
  }
  return {
    rows: report.rows.length,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName: `${base}.xlsx`,
    body: await toXlsx(report, query.lang),
  };
}

/** RFC 4180 CSV (CRLF, quoted where needed) with a BOM and the headers in the chosen language. */
export function toCsv<R>(table: ExportTableSpec<R>, rows: readonly R[], lang: ExportLanguage): string {
  const lines = [
    table.columns.map((column) => csvField(column[lang])),
    ...rows.map((row) => table.columns.map((column) => csvField(column.value(row)))),
  ];
  return `${BOM}${lines.map((fields) => fields.join(',')).join('\r\n')}\r\n`;
}

function csvField(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  // A text cell that a spreadsheet would read as a formula is kept as text.
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A workbook with the monthly table and the case table, each with a bold, frozen header row. */
export async function toXlsx(report: MonthlyReport, lang: ExportLanguage): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'linkage';
  // Fixed, so the same report gives the same file.
  workbook.created = new Date(`${report.asOf}T00:00:00+08:00`);
  workbook.modified = workbook.created;
  addSheet(workbook, monthlyTable(lang), report.rows, lang);
  addSheet(workbook, caseTable(lang), caseTableRows(report.rows), lang);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addSheet<R>(workbook: ExcelJS.Workbook, table: ExportTableSpec<R>, rows: readonly R[], lang: ExportLanguage): void {
  const sheet = workbook.addWorksheet(table.sheet[lang], { views: [{ state: 'frozen', ySplit: 1, xSplit: 3 }] });
  sheet.columns = table.columns.map((column) => ({ header: column[lang], width: Math.min(40, Math.max(10, column[lang].length + 4)) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(table.columns.map((column) => column.value(row)));
}
