import { CreateSyncStore1764730000000 } from './1764730000000-create-sync-store.js';

/** The adapter's own store's migrations, oldest first. */
export const BUREAU_ADAPTER_MIGRATIONS = [CreateSyncStore1764730000000];
