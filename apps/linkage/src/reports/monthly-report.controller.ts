import { Controller, Get, Header, Query, Req, StreamableFile } from '@nestjs/common';
import type { Request } from 'express';
import { LinkageApi, setResultCount } from '../api-access/index.js';
import type { MonthlyReport } from './monthly-report.js';
import { MonthlyReportHandler } from './monthly-report.handler.js';
import { parseExportQuery, parseMonthlyQuery } from './report-query.js';

/**
 * Monthly reports for third-party evaluation (notice section 三(二)), per province and month in
 * Asia/Shanghai: `GET /v1/reports/monthly` as JSON, `GET /v1/reports/monthly/export` as CSV or XLSX
 * with Chinese or English headers. A linkage API: any key of LINKAGE_API_KEYS reads them (counts
 * only, no person), every call names its purpose and is recorded in api_access_log.
 */
@Controller('v1/reports/monthly')
@LinkageApi()
export class MonthlyReportController {
  constructor(private readonly reports: MonthlyReportHandler) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  monthly(@Query() query: Record<string, unknown>): Promise<MonthlyReport> {
    return this.reports.report(parseMonthlyQuery(query, new Date()));
  }

  @Get('export')
  @Header('Cache-Control', 'no-store')
  async export(@Query() query: Record<string, unknown>, @Req() request: Request): Promise<StreamableFile> {
    const file = await this.reports.export(parseExportQuery(query, new Date()));
    setResultCount(request, file.rows);
    return new StreamableFile(file.body, {
      type: file.contentType,
      disposition: `attachment; filename="${file.fileName}"`,
      length: file.body.length,
    });
  }
}
