export { RetentionModule } from './retention.module.js';
export { retireDoneRows, DATA_RETIRED_ACTION, type RetentionRun, type RetentionSettings } from './retire-done-rows.js';
export { retentionSettings, RETENTION_EVERY_MS } from './retention.service.js';
