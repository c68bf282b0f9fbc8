import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { databaseModule } from '@hub/persistence';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@hub/testing';
import ExcelJS from 'exceljs';
import { LinkageApiAccessModule } from '../api-access/index.js';
import { LINKAGE_MIGRATIONS } from '../migrations/index.js';
import type { MonthlyReport, MonthlyReportRow } from './monthly-report.js';
import { backfillReportFacts } from './report-facts.repository.js';
import { ReportsModule } from './reports.module.js';
import { craftStore } from './testing/report-store.fixture.js';

const KEY = 'evaluator-key-0123456789abcdefghijklmnopqrstuv';
const BUREAU_KEY = 'bureau-desk-key-0123456789abcdefghijklmnopqr';
const AS_OF = '2026-03-25';

/**
 * The monthly reports on the real PostgreSQL: a crafted store (four people, six cases; numbers
 * worked out in testing/report-store.fixture.ts) backfilled into report facts, read through the
 * HTTP API as JSON, CSV and XLSX, in Chinese and English.
 */
describe('monthly reports', () => {
  let database: MigratedTestDatabase;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    database = await createMigratedTestDatabase('linkage_reports', LINKAGE_MIGRATIONS);
    await craftStore(database.dataSource);
    // A fact of someone no longer stored: the backfill removes it.
    await database.dataSource.query(
      `INSERT INTO report_facts (subject, fact_key, kind, province, month) VALUES ('sub_gone', 'x', 'permit-issued', '310000', '2026-02-01')`,
    );
    @Module({
      imports: [
        databaseModule({ url: database.url, applicationName: 'linkage-reports-test', entities: [], migrations: [], runMigrations: false }),
        LinkageApiAccessModule.forRoot({ apiKeys: `*:evaluator:${KEY},bureau-310000:desk:${BUREAU_KEY}` }),
        ReportsModule,
      ],
    })
    class ReportsTestApp {}
    app = await NestFactory.create(ReportsTestApp, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const get = (path: string, headers: Record<string, string> = { authorization: `Bearer ${KEY}`, 'x-purpose': 'evaluation 2026Q1' }) =>
    fetch(`${url}${path}`, { headers });
  const report = async (query: string): Promise<MonthlyReport> => {
    const response = await get(`/v1/reports/monthly?${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as MonthlyReport;
  };
  const row = (body: MonthlyReport, province: string, month: string): MonthlyReportRow | undefined =>
    body.rows.find((r) => r.province === province && r.month === month);

  it('rebuilds the facts from the stored chains and decisions, and does it again to the same rows', async () => {
    const first = await backfillReportFacts(database.dataSource, { batchSize: 3 });
    const rows = async () => database.dataSource.query<unknown[]>('SELECT * FROM report_facts ORDER BY subject, fact_key');
    const before = await rows();
    expect(first).toEqual({ people: 4, facts: 13 });
    expect(await backfillReportFacts(database.dataSource, { batchSize: 2 })).toEqual(first);
    expect(await rows()).toEqual(before);
    expect(before).not.toContainEqual(expect.objectContaining({ subject: 'sub_gone' }));
  });

  it('counts permits by class and cycle times per province and month in Asia/Shanghai', async () => {
    const body = await report(`province=310000&from=2026-01&to=2026-03&asOf=${AS_OF}`);
    expect(body).toMatchObject({ from: '2026-01', to: '2026-03', asOf: AS_OF, province: '310000' });
    expect(body.rows.map((r) => r.month)).toEqual(['2026-01', '2026-02', '2026-03']);
    const january = row(body, '310000', '2026-01');
    expect(january?.permitsIssued).toEqual({ A: 0, B: 0, C: 0, total: 0 });
    expect(january?.cycleTimes.applicationToPermit).toEqual({ count: 0, medianDays: null, p90Days: null });
    const february = row(body, '310000', '2026-02');
    expect(february?.provinceName).toEqual({ zh: '上海市', en: 'Shanghai' });
    expect(february?.permitsIssued).toEqual({ A: 1, B: 1, C: 1, total: 3 });
    // 21, 27 and 40 days: median 27, p90 at rank 1.8 = 27 + 0.8 × 13.
    expect(february?.cycleTimes.applicationToPermit).toEqual({ count: 3, medianDays: 27, p90Days: 37.4 });
    expect(february?.cycleTimes.permitToResidence).toEqual({ count: 1, medianDays: 19, p90Days: 19 });
    const march = row(body, '310000', '2026-03');
    expect(march?.cycleTimes.permitToResidence).toEqual({ count: 1, medianDays: 23, p90Days: 23 });
    expect(march?.cycleTimes.permitToPermanentResidenceEligibility).toEqual({ count: 1, medianDays: 42, p90Days: 42 });
  });

  it('counts commitments and missing documents by their due month, as of the report day', async () => {
    const body = await report(`province=310000&from=2026-02&to=2026-03&asOf=${AS_OF}`);
    expect(row(body, '310000', '2026-03')?.commitments).toEqual({
      due: 4,
      fulfilledInTime: 1,
      fulfilledLate: 1,
      overdue: 1,
      pending: 1,
      breached: 1,
      fulfilmentRate: 0.6667,
      onTimeRate: 0.3333,
      overdueRate: 0.6667,
    });
    expect(row(body, '310000', '2026-02')?.missingDocuments).toMatchObject({ due: 2, fulfilledInTime: 1, overdue: 1, onTimeRate: 0.5 });
    // As of 20 March, the commitment supplied on the 25th is still overdue.
    const earlier = await report('province=310000&from=2026-03&to=2026-03&asOf=2026-03-20');
    expect(earlier.rows[0]?.commitments).toMatchObject({ fulfilledInTime: 1, fulfilledLate: 0, overdue: 1, pending: 2 });
  });

  it('counts case SLA compliance by case kind and owning agency, resolution days in Asia/Shanghai', async () => {
    const march = row(await report(`province=310000&from=2026-03&to=2026-03&asOf=${AS_OF}`), '310000', '2026-03');
    expect(march?.cases).toEqual({
      due: 5,
      resolvedByDueDate: 1,
      resolvedLate: 1,
      openOverdue: 2,
      openWithinDue: 1,
      withoutDueDate: 1,
      complianceRate: 0.25,
      byKindAndAgency: [
        {
          kind: 'commitment-overdue',
          ownerAgency: 'bureau-310000',
          due: 2,
          resolvedByDueDate: 0,
          resolvedLate: 0,
          openOverdue: 1,
          openWithinDue: 1,
          withoutDueDate: 0,
          complianceRate: 0,
        },
        {
          kind: 'reference-data-missing',
          ownerAgency: 'psb-310000',
          due: 0,
          resolvedByDueDate: 0,
          resolvedLate: 0,
          openOverdue: 0,
          openWithinDue: 0,
          withoutDueDate: 1,
          complianceRate: null,
        },
        {
          kind: 'residence-review',
          ownerAgency: 'psb-310000',
          due: 3,
          resolvedByDueDate: 1,
          resolvedLate: 1,
          openOverdue: 1,
          openWithinDue: 0,
          withoutDueDate: 0,
          complianceRate: 0.3333,
        },
      ],
    });
  });

  it('gives one row per province and month for every province with data when none is named', async () => {
    const body = await report(`from=2026-03&to=2026-03&asOf=${AS_OF}`);
    expect(body.province).toBeNull();
    expect(body.rows.map((r) => [r.province, r.month])).toEqual([
      ['110000', '2026-03'],
      ['310000', '2026-03'],
    ]);
    expect(row(body, '110000', '2026-03')).toMatchObject({
      provinceName: { zh: '北京市', en: 'Beijing' },
      permitsIssued: { A: 0, B: 1, C: 0, total: 1 },
      cycleTimes: { applicationToPermit: { count: 0, medianDays: null } },
    });
  });

  it('exports a CSV with a byte order mark and Chinese or English headers', async () => {
    const zh = await get(`/v1/reports/monthly/export?format=csv&lang=zh&province=310000&from=2026-02&to=2026-02&asOf=${AS_OF}`);
    expect(zh.status).toBe(200);
    expect(zh.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(zh.headers.get('content-disposition')).toBe(
      'attachment; filename="linkage-monthly-report_310000_2026-02_2026-02_zh_monthly.csv"',
    );
    const bytes = Buffer.from(await zh.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header = '', line = ''] = bytes.toString('utf8').slice(1).split('\r\n');
    const cells = Object.fromEntries(header.split(',').map((name, i) => [name, line.split(',')[i]]));
    expect(cells).toMatchObject({
      省份代码: '310000',
      省份: '上海市',
      月份: '2026-02',
      '签发工作许可：合计': '3',
      '申请至工作许可：中位数（天）': '27',
      '申请至工作许可：第90百分位（天）': '37.4',
      '容缺材料：按期履行率（%）': '50',
    });

    const en = await get(`/v1/reports/monthly/export?format=csv&lang=en&table=cases&from=2026-03&to=2026-03&asOf=${AS_OF}`);
    const enLines = (await en.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(enLines[0]).toBe(
      'Province code,Province,Month,Case kind,Owning agency,Due,Resolved by due date,Resolved late,Open overdue,Open within due date,No due date,Compliance rate (%)',
    );
    expect(enLines).toContain('310000,Shanghai,2026-03,residence-review,psb-310000,3,1,1,1,0,0,33.3');
  });

  it('exports an XLSX workbook with the monthly and case sheets that reads back with its headers and numbers', async () => {
    for (const [lang, sheets, header] of [
      ['zh', ['月度报表', '案件办理时限'], '签发工作许可：A类'],
      ['en', ['Monthly report', 'Case SLA'], 'Work permits issued: class A'],
    ] as const) {
      const response = await get(
        `/v1/reports/monthly/export?format=xlsx&lang=${lang}&province=310000&from=2026-02&to=2026-03&asOf=${AS_OF}`,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(sheets);
      const monthly = workbook.worksheets[0];
      const headers = (monthly?.getRow(1).values as unknown[]).slice(1);
      const column = headers.indexOf(header) + 1;
      expect(column).toBeGreaterThan(0);
      expect(monthly?.getRow(2).getCell(3).value).toBe('2026-02');
      expect(monthly?.getRow(2).getCell(column).value).toBe(1);
      expect(monthly?.rowCount).toBe(3);
      expect(workbook.worksheets[1]?.rowCount).toBe(4);
    }
  });

  it('refuses a call without a key, without a purpose, or with bad parameters, naming the parameter and rule', async () => {
    const anonymous = await get('/v1/reports/monthly?from=2026-01&to=2026-03', { 'x-purpose': 'evaluation' });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED', message: { zh: expect.any(String), en: expect.any(String) } });

    const purposeless = await get('/v1/reports/monthly?from=2026-01&to=2026-03', { authorization: `Bearer ${KEY}` });
    expect(purposeless.status).toBe(400);
    expect(await purposeless.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'header:x-purpose', rule: 'isDefined' }],
    });

    const bad = await get('/v1/reports/monthly/export?format=pdf&from=2026-1&to=2026-03&province=31');
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { errors: { path: string; rule: string; message: { zh: string; en: string } }[] };
    expect(problem.errors.map(({ path, rule }) => ({ path, rule }))).toEqual([
      { path: 'query.province', rule: 'isProvince' },
      { path: 'query.from', rule: 'isMonth' },
      { path: 'query.format', rule: 'isIn' },
    ]);
    expect(problem.errors[2]?.message).toEqual({ en: 'format must be one of csv, xlsx', zh: 'format 须为以下之一：csv、xlsx' });
  });

  it('answers any agency key (counts only, no person) and records every call with its purpose', async () => {
    const bureau = await get(`/v1/reports/monthly?province=110000&from=2026-03&to=2026-03&asOf=${AS_OF}`, {
      authorization: `Bearer ${BUREAU_KEY}`,
      'x-purpose': 'monthly figures for the bureau',
    });
    expect(bureau.status).toBe(200);
    const log = await database.dataSource.query<
      { actor_agency: string; purpose: string; path: string; status: number; result_count: number }[]
    >(`SELECT actor_agency, purpose, path, status, result_count FROM api_access_log ORDER BY id`);
    expect(log).toContainEqual({
      actor_agency: 'bureau-310000',
      purpose: 'monthly figures for the bureau',
      path: '/v1/reports/monthly',
      status: 200,
      result_count: 1,
    });
    expect(log).toContainEqual({
      actor_agency: '*',
      purpose: 'evaluation 2026Q1',
      path: '/v1/reports/monthly/export',
      status: 200,
      result_count: 2,
    });
    expect(log).toContainEqual(expect.objectContaining({ actor_agency: null, path: '/v1/reports/monthly', status: 401 }));
  });
});
