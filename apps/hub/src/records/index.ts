export { RecordsApiModule } from './records-api.module.js';
export { ReconciliationsRepository } from './reconciliations/reconciliations.repository.js';
export type { ReconciliationSummary } from './reconciliations/reconciliation-summary.dto.js';
