import { describe, expect, it } from '@jest/globals';
import { parseExportQuery, parseMonthlyQuery } from './report-query.js';
import { LinkageApiError } from '../api-access/index.js';

// 2026-03-31T16:30Z is already 1 April in Shanghai.
const now = new Date('2026-03-31T16:30:00Z');

function issuesOf(run: () => unknown): { path: string; rule: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof LinkageApiError && error.status === 400) return (error.issues ?? []).map(({ path, rule }) => ({ path, rule }));
    throw error;
  }
  throw new Error('the query was accepted');
}

describe('report query parameters', () => {
  it('reads months and a province, with today in Asia/Shanghai as the default day', () => {
    expect(parseMonthlyQuery({ province: '310000', from: '2025-01', to: '2026-03' }, now)).toEqual({
      province: '310000',
      from: '2025-01',
      to: '2026-03',
      asOf: '2026-04-01',
    });
    expect(parseMonthlyQuery({ from: '2026-03', to: '2026-03', asOf: '2026-02-28' }, now)).toEqual({
      from: '2026-03',
      to: '2026-03',
      asOf: '2026-02-28',
    });
  });

  it('names every bad parameter and the rule it broke', () => {
    expect(issuesOf(() => parseMonthlyQuery({ province: '310115', from: '2026-13', asOf: '2026-02-30', limit: '5' }, now))).toEqual([
      { path: 'query.limit', rule: 'isKnownParameter' },
      { path: 'query.province', rule: 'isProvince' },
      { path: 'query.from', rule: 'isMonth' },
      { path: 'query.to', rule: 'isDefined' },
      { path: 'query.asOf', rule: 'isCalendarDate' },
    ]);
    expect(issuesOf(() => parseMonthlyQuery({ province: '990000', from: '2026-03', to: '2026-01' }, now))).toEqual([
      { path: 'query.province', rule: 'isProvince' },
      { path: 'query.to', rule: 'isNotBeforeFrom' },
    ]);
    expect(issuesOf(() => parseMonthlyQuery({ from: '2010-01', to: '2020-01' }, now))).toEqual([{ path: 'query.to', rule: 'maxMonths' }]);
    expect(issuesOf(() => parseMonthlyQuery({ from: ['2026-01', '2026-02'], to: '2026-03' }, now))).toEqual([
      { path: 'query.from', rule: 'isSingle' },
    ]);
  });

  it('gives the English and Chinese of each issue', () => {
    try {
      parseMonthlyQuery({ to: '2026-03' }, now);
    } catch (error) {
      expect((error as LinkageApiError).issues?.[0]?.message).toEqual({
        en: 'from is required: a month YYYY-MM',
        zh: 'from 为必填项：YYYY-MM 格式的月份',
      });
    }
    expect.assertions(1);
  });

  it('needs a format for an export, and defaults to Chinese headers and the monthly table', () => {
    expect(parseExportQuery({ from: '2026-01', to: '2026-03', format: 'xlsx' }, now)).toMatchObject({
      format: 'xlsx',
      lang: 'zh',
      table: 'monthly',
    });
    expect(issuesOf(() => parseExportQuery({ from: '2026-01', to: '2026-03', lang: 'fr', table: 'x' }, now))).toEqual([
      { path: 'query.format', rule: 'isDefined' },
      { path: 'query.lang', rule: 'isIn' },
      { path: 'query.table', rule: 'isIn' },
    ]);
  });
});
