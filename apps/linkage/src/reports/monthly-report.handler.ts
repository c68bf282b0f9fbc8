import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { buildMonthlyReport, type MonthlyReport } from './monthly-report.js';
import { readMonthlyAggregates, type MonthlyReportQuery } from './monthly-report.repository.js';
import { exportReport, type ExportFile } from './report-export.js';
import type { ExportQuery } from './report-query.js';

/** Computes monthly reports from the linkage store, as JSON or as a CSV or XLSX file. */
@Injectable()
export class MonthlyReportHandler {
  constructor(private readonly dataSource: DataSource) {}

  async report(query: MonthlyReportQuery): Promise<MonthlyReport> {
    return buildMonthlyReport(query, await readMonthlyAggregates(this.dataSource.manager, query));
  }

  async export(query: ExportQuery): Promise<ExportFile> {
    return exportReport(await this.report(query), query);
  }
}
