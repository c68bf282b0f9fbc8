import { deletedCount, deleteThroughGuard, runRetention, type BatchLimits, type RetentionRun } from '@hub/persistence';
import type { DataSource } from 'typeorm';

/** One retention run at a time across the service's processes. */
const RETENTION_LOCK_KEY = 727_320;

export interface LinkageRetentionSettings extends BatchLimits {
  /** Published linkage events are kept this many days after they were published. */
  readonly publishedDays: number;
  /** API access log rows are kept this many days (the database refuses fewer than six months). */
  readonly accessLogDays: number;
}

export type LinkageRetentionRun = RetentionRun<'publishedEvents' | 'accessLog'>;

/**
 * Deletes, in batches, the linkage events published to the hub more than `publishedDays` ago (the
 * hub holds them from then on, with its own retention and audit) and the API access log rows older
 * than `accessLogDays`, and records the run in `retention_runs` (runRetention). Events waiting to be
 * published, and those the hub refused (kept with its problem for someone to look at), are never
 * retired. The access log is deleted through the one door its append-only guard leaves
 * (`linkage.retire_access_before`, set for each batch's transaction), which the database opens only
 * for rows at least six months old.
 */
export function retireLinkageRows(
  dataSource: DataSource,
  settings: LinkageRetentionSettings,
  now = new Date(),
): Promise<LinkageRetentionRun> {
  const daysBefore = (days: number): string => new Date(now.getTime() - days * 86_400_000).toISOString();
  return runRetention(
    dataSource,
    RETENTION_LOCK_KEY,
    {
      publishedEvents: {
        before: daysBefore(settings.publishedDays),
        deleteBatch: async (runner, before, batchSize) =>
          deletedCount(
            await runner.query(
              `DELETE FROM linkage_outbox WHERE id IN (
                 SELECT id FROM linkage_outbox
                  WHERE published_at IS NOT NULL AND published_at < $1 AND refused IS NULL
                  ORDER BY published_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
              [before, batchSize],
            ),
          ),
      },
      accessLog: {
        before: daysBefore(settings.accessLogDays),
        deleteBatch: (runner, before, batchSize) =>
          deleteThroughGuard(
            runner,
            'linkage.retire_access_before',
            'DELETE FROM api_access_log WHERE id IN (SELECT id FROM api_access_log WHERE at < $1 ORDER BY at LIMIT $2)',
            before,
            batchSize,
          ),
      },
    },
    settings,
  );
}
