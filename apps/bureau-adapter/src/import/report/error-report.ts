import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { RowIssue } from '../read/source-row.js';

const HEADER = ['row', 'column', 'rule', 'message_zh', 'message_en'] as const;
/** Excel opens a CSV as UTF-8 only when it starts with the byte-order mark. */
const BOM = '\uFEFF';

/**
 * The per-row error report: one CSV line per broken rule (row, column, rule, zh/en message), UTF-8
 * with BOM so spreadsheets show the Chinese. Lines are written (synchronously) before the batch
 * they belong to is committed; a resumed import first drops the lines after the row it resumes
 * from, which the kill may have left behind, so no line appears twice.
 */
export class ErrorReport {
  private lines = 0;

  private constructor(readonly file: string) {}

  /** A new report, or, when resuming after `keepThroughRow`, the existing one with the lines up to that row kept. */
  static open(file: string, keepThroughRow?: number): ErrorReport {
    const report = new ErrorReport(file);
    const kept = keepThroughRow !== undefined && existsSync(file) ? report.linesThrough(keepThroughRow) : [];
    writeFileSync(file, BOM + [HEADER.join(','), ...kept.map(csvLine)].map((line) => `${line}\r\n`).join(''));
    report.lines = kept.length;
    return report;
  }

  /** Lines written, the kept ones included. */
  count(): number {
    return this.lines;
  }

  append(issues: readonly RowIssue[]): void {
    if (issues.length === 0) return;
    appendFileSync(
      this.file,
      issues.map((issue) => `${csvLine([String(issue.row), issue.column, issue.rule, issue.messageZh, issue.messageEn])}\r\n`).join(''),
    );
    this.lines += issues.length;
  }

  private linesThrough(row: number): string[][] {
    const text = readFileSync(this.file, 'utf8').replace(/^\uFEFF/, '');
    const records: string[][] = parse(text, { relax_column_count: true, skip_empty_lines: true });
    return records.slice(1).filter((record) => Number(record[0]) <= row);
  }
}

function csvLine(cells: readonly string[]): string {
  return cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',');
}
