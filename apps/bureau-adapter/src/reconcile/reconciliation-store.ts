import type { Queryable } from './read-bureau-records.js';
import type { Reconciliation, ReconciliationSummary } from './reconciliation.js';

/** Keeps a reconciliation in the adapter's store (`bureau_sync.reconciliation`). */
export async function saveReconciliation(store: Queryable, { summary, differences }: Reconciliation): Promise<void> {
  await store.query(
    `INSERT INTO bureau_sync.reconciliation (reconciliation_id, outcome, trigger, started_at, finished_at, summary, differences)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      summary.id,
      summary.outcome,
      summary.trigger,
      summary.startedAt,
      summary.finishedAt,
      JSON.stringify(summary),
      JSON.stringify(differences),
    ],
  );
}

/** Notes that the hub has the summary. */
export async function markReported(store: Queryable, id: string): Promise<void> {
  await store.query('UPDATE bureau_sync.reconciliation SET reported_at = now() WHERE reconciliation_id = $1', [id]);
}

/** The newest reconciliation with its findings (at most `limit` differences), or undefined before the first. */
export async function latestReconciliation(
  store: Queryable,
  limit = 1000,
): Promise<(Reconciliation & { reportedAt: string | null }) | undefined> {
  const [row] = await store.query<
    { summary: ReconciliationSummary; differences: Reconciliation['differences']; reported_at: string | null }[]
  >(
    `SELECT summary, (SELECT coalesce(jsonb_agg(d), '[]') FROM (SELECT d FROM jsonb_array_elements(differences) d LIMIT $1) x) AS differences,
            to_json(reported_at) #>> '{}' AS reported_at
       FROM bureau_sync.reconciliation ORDER BY finished_at DESC LIMIT 1`,
    [limit],
  );
  return row && { summary: row.summary, differences: row.differences, reportedAt: row.reported_at };
}
