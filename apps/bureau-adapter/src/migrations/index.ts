import { CreateSyncStore1764730000000 } from './1764730000000-create-sync-store.js';
import { CreateImportLedger1764740000000 } from './1764740000000-create-import-ledger.js';
import { CreateReconciliations1764810000100 } from './1764810000100-create-reconciliations.js';
import { TrackApplications1764960000100 } from './1764960000100-track-applications.js';

/** Every migration of the adapter's own store, oldest first (TypeORM runs them in timestamp order). */
export const BUREAU_ADAPTER_MIGRATIONS = [
  CreateSyncStore1764730000000,
  CreateImportLedger1764740000000,
  CreateReconciliations1764810000100,
  TrackApplications1764960000100,
];
