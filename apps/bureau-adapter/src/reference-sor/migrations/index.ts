import { CreateBureauRecords1764730010000 } from './1764730010000-create-bureau-records.js';
import { RecordAcceptanceAndCommitments1764950000000 } from './1764950000000-record-acceptance-and-commitments.js';

/** The reference bureau's own schema migrations (the bureau runs them, not the adapter). */
export const REFERENCE_SOR_MIGRATIONS = [CreateBureauRecords1764730010000, RecordAcceptanceAndCommitments1764950000000];
