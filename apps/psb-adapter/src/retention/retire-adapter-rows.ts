import { deletedCount, deleteThroughGuard, runRetention, type BatchLimits, type RetentionRun } from '@hub/persistence';
import type { DataSource } from 'typeorm';

/** One retention pass at a time across the adapter's processes. */
const RETENTION_LOCK_KEY = 727_310;

export interface AdapterRetentionSettings extends BatchLimits {
  readonly inboxDays: number;
  readonly readLogDays: number;
}

export type AdapterRetentionRun = RetentionRun<'inbox' | 'workPermitReads'>;

/**
 * Deletes inbox rows and permit-read records past their retention, in batches, and records the run
 * in `retention_runs` (runRetention). Read records are deleted through the one door their
 * append-only guard leaves (`psb.retire_reads_before`, set for each batch's transaction), which the
 * database opens only for rows at least six months old.
 */
export function retireAdapterRows(
  dataSource: DataSource,
  settings: AdapterRetentionSettings,
  now = new Date(),
): Promise<AdapterRetentionRun> {
  const daysBefore = (days: number): string => new Date(now.getTime() - days * 86_400_000).toISOString();
  return runRetention(
    dataSource,
    RETENTION_LOCK_KEY,
    {
      inbox: {
        before: daysBefore(settings.inboxDays),
        deleteBatch: async (runner, before, batchSize) =>
          deletedCount(
            await runner.query(
              `DELETE FROM inbox WHERE event_id IN (
                 SELECT event_id FROM inbox WHERE received_at < $1 ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
              [before, batchSize],
            ),
          ),
      },
      workPermitReads: {
        before: daysBefore(settings.readLogDays),
        deleteBatch: (runner, before, batchSize) =>
          deleteThroughGuard(
            runner,
            'psb.retire_reads_before',
            'DELETE FROM work_permit_reads WHERE id IN (SELECT id FROM work_permit_reads WHERE read_at < $1 ORDER BY read_at LIMIT $2)',
            before,
            batchSize,
          ),
      },
    },
    settings,
  );
}
