import { CreateImportLedger1764740000000 } from './1764740000000-create-import-ledger.js';

/** Every bureau adapter migration, oldest first (TypeORM runs them in timestamp order). */
export const BUREAU_ADAPTER_MIGRATIONS = [CreateImportLedger1764740000000];
