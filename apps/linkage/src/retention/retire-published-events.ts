import { deleteInBatches, deletedCount, type BatchLimits } from '@hub/persistence';
import type { DataSource } from 'typeorm';

/** One retention run at a time across the service's processes. */
const RETENTION_LOCK_KEY = 727_320;

export interface LinkageRetentionSettings extends BatchLimits {
  /** Published linkage events are kept this many days after they were published. */
  readonly publishedDays: number;
}

export interface LinkageRetentionRun {
  /** False when another process was already retiring; nothing was done. */
  readonly ran: boolean;
  readonly retired: { readonly publishedEvents: number };
  /** The time before which rows were retired (ISO 8601). */
  readonly before: { readonly publishedEvents: string };
}

/**
 * Deletes from `linkage_outbox` the linkage events published to the hub more than `publishedDays`
 * ago, in batches (the hub holds them from then on, with its own retention and audit), and records
 * the run in `retention_runs`. Events waiting to be published, and those the hub refused (kept with
 * its problem for someone to look at), are never retired.
 */
export async function retirePublishedEvents(
  dataSource: DataSource,
  settings: LinkageRetentionSettings,
  now = new Date(),
): Promise<LinkageRetentionRun> {
  const before = { publishedEvents: new Date(now.getTime() - settings.publishedDays * 86_400_000).toISOString() };
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [lock] = (await runner.query('SELECT pg_try_advisory_lock($1) AS held', [RETENTION_LOCK_KEY])) as { held: boolean }[];
    if (!lock?.held) return { ran: false, retired: { publishedEvents: 0 }, before };
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
      const retired = { publishedEvents };
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
