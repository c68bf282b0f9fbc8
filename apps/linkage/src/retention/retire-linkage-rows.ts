import { deleteInBatches, deletedCount, type BatchLimits } from '@hub/persistence';
import type { DataSource, QueryRunner } from 'typeorm';

/** One retention run at a time across the service's processes. */
const RETENTION_LOCK_KEY = 727_320;

export interface LinkageRetentionSettings extends BatchLimits {
  /** Published linkage events are kept this many days after they were published. */
  readonly publishedDays: number;
  /** API access log rows are kept this many days (the database refuses fewer than six months). */
  readonly accessLogDays: number;
}

export interface LinkageRetentionRun {
  /** False when another process was already retiring; nothing was done. */
  readonly ran: boolean;
  readonly retired: { readonly publishedEvents: number; readonly accessLog: number };
  /** The times before which rows were retired (ISO 8601). */
  readonly before: { readonly publishedEvents: string; readonly accessLog: string };
}

/**
 * Deletes, in batches, the linkage events published to the hub more than `publishedDays` ago (the
 * hub holds them from then on, with its own retention and audit) and the API access log rows older
 * than `accessLogDays`, and records the run in `retention_runs`. Events waiting to be published,
 * and those the hub refused (kept with its problem for someone to look at), are never retired.
 * The access log is deleted through the one door its append-only guard leaves
 * (`linkage.retire_access_before`, set for each batch's transaction), which the database opens only
 * for rows at least six months old.
 */
export async function retireLinkageRows(
  dataSource: DataSource,
  settings: LinkageRetentionSettings,
  now = new Date(),
): Promise<LinkageRetentionRun> {
  const daysBefore = (days: number): string => new Date(now.getTime() - days * 86_400_000).toISOString();
  const before = { publishedEvents: daysBefore(settings.publishedDays), accessLog: daysBefore(settings.accessLogDays) };
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [lock] = (await runner.query('SELECT pg_try_advisory_lock($1) AS held', [RETENTION_LOCK_KEY])) as { held: boolean }[];
    if (!lock?.held) return { ran: false, retired: { publishedEvents: 0, accessLog: 0 }, before };
    try {
      const publishedEvents = await deleteInBatches(
        async () =>
          deletedCount(
            await runner.query(
              `DELETE FROM linkage_outbox WHERE id IN (
                 SELECT id FROM linkage_outbox
                  WHERE published_at IS NOT NULL AND published_at < $1 AND refused IS NULL
                  ORDER BY published_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
              [before.publishedEvents, settings.batchSize],
            ),
          ),
        settings,
      );
      const accessLog = await deleteInBatches(() => retireAccessLogBatch(runner, before.accessLog, settings.batchSize), settings);
      const retired = { publishedEvents, accessLog };
      await runner.query('INSERT INTO retention_runs (retired, retired_before) VALUES ($1, $2)', [
        JSON.stringify(retired),
        JSON.stringify(before),
      ]);
      return { ran: true, retired, before };
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [RETENTION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

async function retireAccessLogBatch(runner: QueryRunner, before: string, batchSize: number): Promise<number> {
  await runner.startTransaction();
  try {
    await runner.query(`SELECT set_config('linkage.retire_access_before', $1, true)`, [before]);
    const deleted = deletedCount(
      await runner.query(
        `DELETE FROM api_access_log WHERE id IN (
           SELECT id FROM api_access_log WHERE at < $1 ORDER BY at LIMIT $2)`,
        [before, batchSize],
      ),
    );
    await runner.commitTransaction();
    return deleted;
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  }
}
