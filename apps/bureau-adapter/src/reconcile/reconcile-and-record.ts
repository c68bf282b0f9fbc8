import { randomUUID } from 'node:crypto';
import { hubSummaryOf, type Reconciliation } from './reconciliation.js';
import { markReported, saveReconciliation } from './reconciliation-store.js';
import { runReconciliation, type ReconcileDependencies, type ReconcileOptions } from './run-reconciliation.js';

/** A finished reconciliation, and whether the hub took its summary (the reason when not). */
export interface RecordedReconciliation {
  readonly reconciliation: Reconciliation;
  readonly reportError?: string;
}

/**
 * Runs a reconciliation, keeps it in the adapter's store (a failed one too, with its reason) and
 * sends its summary to the hub for the ops console. A summary the hub did not take is kept with
 * `reported_at` unset; the findings stand either way.
 */
export async function reconcileAndRecord(deps: ReconcileDependencies, options: ReconcileOptions): Promise<RecordedReconciliation> {
  const startedAt = new Date().toISOString();
  let reconciliation: Reconciliation;
  try {
    reconciliation = await runReconciliation(deps, options);
  } catch (error) {
    reconciliation = { summary: failedSummary(options, startedAt, (error as Error).message), differences: [] };
  }
  await saveReconciliation(deps.store, reconciliation);
  try {
    await deps.hub.report(hubSummaryOf(reconciliation.summary));
    await markReported(deps.store, reconciliation.summary.id);
    return { reconciliation };
  } catch (error) {
    return { reconciliation, reportError: (error as Error).message };
  }
}

function failedSummary(options: ReconcileOptions, startedAt: string, error: string): Reconciliation['summary'] {
  return {
    id: randomUUID(),
    domain: 'work-permit',
    outcome: 'failed',
    trigger: options.trigger,
    ...options.range,
    startedAt,
    finishedAt: new Date().toISOString(),
    agencyRecords: 0,
    hubRecords: 0,
    buckets: 0,
    differingBuckets: 0,
    missing: 0,
    extra: 0,
    different: 0,
    repaired: 0,
    remaining: 0,
    error: error.slice(0, 2000),
  };
}
