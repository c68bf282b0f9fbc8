export { createDataSource, type DataSourceSettings } from './create-data-source.js';
export { ensureDatabase, dropDatabase, databaseName, withDatabase, redactUrl } from './ensure-database.js';
export { assertTestDatabase, createTestDatabase } from './test-database.js';
export { runMigrationsExclusively } from './run-migrations.js';
export { databaseModule } from './database.module.js';
export { listenWithReconnect, type Listener, type ListenerLogger, type ListenSettings } from './listen-with-reconnect.js';
export { GroupCommit, type CombinedWrite, type GroupCommitSettings } from './group-commit.js';
export { deleteInBatches, deletedCount, type BatchLimits } from './delete-in-batches.js';
export { recordBucketsSql } from './record-buckets-sql.js';
