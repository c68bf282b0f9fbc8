import { CreateSyncStore1764730000000 } from './1764730000000-create-sync-store.js';
import { CreateImportLedger1764740000000 } from './1764740000000-create-import-ledger.js';

/** Every migration of the adapter's own store, oldest first (TypeORM runs them in timestamp order). */
export const BUREAU_ADAPTER_MIGRATIONS = [CreateSyncStore1764730000000, CreateImportLedger1764740000000];
