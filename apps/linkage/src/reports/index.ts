export { ReportsModule } from './reports.module.js';
export { reportFacts } from './report-facts.js';
export type { DecisionFacts, ReportFact, ReportFactKind } from './report-fact.types.js';
export { replaceReportFacts, replaceReportFactsOf, backfillReportFacts, type BackfillResult } from './report-facts.repository.js';
export type { MonthlyReport, MonthlyReportRow } from './monthly-report.js';
