import { deleteInBatches, deletedCount, type BatchLimits } from '@hub/persistence';
import type { DataSource } from 'typeorm';

/** One retention pass at a time across the adapter's processes. */
const RETENTION_LOCK_KEY = 727_310;

export interface AdapterRetentionSettings extends BatchLimits {
  readonly inboxDays: number;
  readonly readLogDays: number;
}

export interface AdapterRetentionRun {
  /** False when another process was already retiring; nothing was done. */
  readonly ran: boolean;
  readonly retired: { readonly inbox: number; readonly workPermitReads: number };
  /** The times before which rows were retired (ISO 8601). */
  readonly before: { readonly inbox: string; readonly workPermitReads: string };
}

/**
 * Deletes inbox rows and permit-read records past their retention, in batches, and records the run
 * in `retention_runs`. Read records are deleted through the one door their append-only guard
 * leaves (`psb.retire_reads_before`, set for each batch's transaction), which the database opens
 * only for rows at least six months old.
 */
export async function retireAdapterRows(
  dataSource: DataSource,
  settings: AdapterRetentionSettings,
  now = new Date(),
): Promise<AdapterRetentionRun> {
  const before = {
    inbox: new Date(now.getTime() - settings.inboxDays * 86_400_000).toISOString(),
    workPermitReads: new Date(now.getTime() - settings.readLogDays * 86_400_000).toISOString(),
  };
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [lock] = (await runner.query('SELECT pg_try_advisory_lock($1) AS held', [RETENTION_LOCK_KEY])) as { held: boolean }[];
    if (!lock?.held) return { ran: false, retired: { inbox: 0, workPermitReads: 0 }, before };
    try {
      const inbox = await deleteInBatches(
        async () =>
          deletedCount(
            await runner.query(
              `DELETE FROM inbox WHERE event_id IN (
                 SELECT event_id FROM inbox WHERE received_at < $1 ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
              [before.inbox, settings.batchSize],
            ),
          ),
        settings,
      );
      const workPermitReads = await deleteInBatches(async () => {
        await runner.startTransaction();
        try {
          await runner.query(`SELECT set_config('psb.retire_reads_before', $1, true)`, [before.workPermitReads]);
          const deleted = deletedCount(
            await runner.query(
              `DELETE FROM work_permit_reads WHERE id IN (
                 SELECT id FROM work_permit_reads WHERE read_at < $1 ORDER BY read_at LIMIT $2)`,
              [before.workPermitReads, settings.batchSize],
            ),
          );
          await runner.commitTransaction();
          return deleted;
        } catch (error) {
          await runner.rollbackTransaction();
          throw error;
        }
      }, settings);
      const retired = { inbox, workPermitReads };
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
