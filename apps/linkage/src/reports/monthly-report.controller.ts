import { Controller, Get, Header, Headers, Query, StreamableFile, UseFilters, UseGuards } from '@nestjs/common';
import type { MonthlyReport } from './monthly-report.js';
import { MonthlyReportHandler } from './monthly-report.handler.js';
import { parseExportQuery, parseMonthlyQuery } from './report-query.js';
import { ReportsAccessGuard } from './reports-access.guard.js';
import { ReportQueryInvalidError } from './reports.errors.js';
import { ReportsProblemFilter } from './reports-problem.filter.js';

/** A declared purpose: 1–200 characters, no control or format characters. */
const PURPOSE = /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]{1,200}$/u;

/**
 * Monthly reports for third-party evaluation (notice section 三(二)), per province and month in
 * Asia/Shanghai: `GET /v1/reports/monthly` as JSON, `GET /v1/reports/monthly/export` as CSV or XLSX
 * with Chinese or English headers. Every call names its purpose in X-Purpose.
 */
@Controller('v1/reports/monthly')
@UseGuards(ReportsAccessGuard)
@UseFilters(ReportsProblemFilter)
export class MonthlyReportController {
  constructor(private readonly reports: MonthlyReportHandler) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  monthly(@Query() query: Record<string, unknown>, @Headers('x-purpose') purpose: string | undefined): Promise<MonthlyReport> {
    requirePurpose(purpose);
    return this.reports.report(parseMonthlyQuery(query, new Date()));
  }

  @Get('export')
  @Header('Cache-Control', 'no-store')
  async export(@Query() query: Record<string, unknown>, @Headers('x-purpose') purpose: string | undefined): Promise<StreamableFile> {
    requirePurpose(purpose);
    const file = await this.reports.export(parseExportQuery(query, new Date()));
    return new StreamableFile(file.body, {
      type: file.contentType,
      disposition: `attachment; filename="${file.fileName}"`,
      length: file.body.length,
    });
  }
}

function requirePurpose(purpose: string | undefined): void {
  if (purpose !== undefined && PURPOSE.test(purpose)) return;
  throw new ReportQueryInvalidError([
    purpose === undefined
      ? {
          path: 'header:x-purpose',
          rule: 'isDefined',
          message: {
            en: 'X-Purpose is required: say why the report is read (1–200 characters)',
            zh: '须提供 X-Purpose 请求头，说明查询用途（1–200 个字符）',
          },
        }
      : {
          path: 'header:x-purpose',
          rule: 'matches',
          message: {
            en: 'X-Purpose must be 1–200 characters without control characters',
            zh: 'X-Purpose 须为 1–200 个字符，且不含控制字符',
          },
        },
  ]);
}
