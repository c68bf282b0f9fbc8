import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { RowIssue } from '../read/source-row.js';
import { ErrorReport } from './error-report.js';

const dir = mkdtempSync(join(tmpdir(), 'bureau-import-report-'));

function issue(row: number, messageEn = 'must be 18 digits'): RowIssue {
  return { row, column: '许可证编号', rule: 'matches', messageZh: '须为 18 位数字', messageEn };
}

describe('ErrorReport', () => {
  it('writes a UTF-8 CSV with BOM: row, column, rule, zh and en message, quoting what needs it', () => {
    const file = join(dir, 'a.errors.csv');
    const report = ErrorReport.open(file);
    report.append([issue(2), issue(5, 'say "hi", then\nleave')]);
    expect(readFileSync(file, 'utf8')).toBe(
      '\uFEFFrow,column,rule,message_zh,message_en\r\n' +
        '2,许可证编号,matches,须为 18 位数字,must be 18 digits\r\n' +
        '5,许可证编号,matches,须为 18 位数字,"say ""hi"", then\nleave"\r\n',
    );
    expect(report.count()).toBe(2);
  });

  it('on resume keeps the lines up to the resumed row and drops the later ones a kill left behind', () => {
    const file = join(dir, 'b.errors.csv');
    ErrorReport.open(file).append([issue(2), issue(9, 'a, "quoted"\nline'), issue(10), issue(11)]);
    const resumed = ErrorReport.open(file, 9);
    resumed.append([issue(10)]);
    const rows = readFileSync(file, 'utf8')
      .split('\r\n')
      .filter(Boolean)
      .slice(1)
      .map((line) => line.split(',')[0]);
    expect(rows).toEqual(['2', '9', '10']);
    expect(resumed.count()).toBe(3);
    expect(readFileSync(file, 'utf8')).toContain('"a, ""quoted""\nline"');
  });

  it('starts empty when a new import (not a resume) writes to the same file', () => {
    const file = join(dir, 'c.errors.csv');
    ErrorReport.open(file).append([issue(2)]);
    ErrorReport.open(file);
    expect(readFileSync(file, 'utf8')).toBe('\uFEFFrow,column,rule,message_zh,message_en\r\n');
  });
});
