import { Module } from '@nestjs/common';
import { MonthlyReportController } from './monthly-report.controller.js';
import { MonthlyReportHandler } from './monthly-report.handler.js';

/**
 * The monthly reports API, self-contained: it needs the app's TypeORM DataSource on the linkage
 * database (LINKAGE_MIGRATIONS run) and LinkageApiAccessModule.forRoot (global: keys, purpose,
 * access log, problems), as the cases API does.
 */
@Module({
  controllers: [MonthlyReportController],
  providers: [MonthlyReportHandler],
})
export class ReportsModule {}
