import type { RecordDifference } from './record-differences.js';

/** What started a reconciliation. */
export type ReconcileTrigger = 'schedule' | 'command' | 'api';

/** The counts of one reconciliation, as stored in `bureau_sync.reconciliation` and sent to the hub (`POST /v1/reconciliations`). */
export interface ReconciliationSummary {
  readonly id: string;
  readonly domain: 'work-permit';
  readonly outcome: 'in-sync' | 'differences' | 'failed';
  readonly trigger: ReconcileTrigger;
  readonly from?: string;
  readonly to?: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly agencyRecords: number;
  readonly hubRecords: number;
  readonly buckets: number;
  readonly differingBuckets: number;
  readonly missing: number;
  readonly extra: number;
  readonly different: number;
  /** Records republished by --repair (the hub's answer comes on the outcomes topic; the next run confirms). */
  readonly repaired: number;
  /** Differences --repair did not republish (all of them without --repair). */
  readonly remaining: number;
  readonly error?: string;
}

/** A reconciliation's summary and its record-level findings. */
export interface Reconciliation {
  readonly summary: ReconciliationSummary;
  readonly differences: readonly (RecordDifference & { readonly repaired?: boolean })[];
}

/** One line: what was compared and what was found. */
export function describeReconciliation({ summary: s }: Reconciliation): string {
  const range = `${s.from ?? '…'}..${s.to ?? '…'}`;
  if (s.outcome === 'failed') return `reconciliation ${range} failed: ${s.error ?? 'unknown error'}`;
  return (
    `reconciliation ${range}: ${s.agencyRecords} records here, ${s.hubRecords} at the hub, ${s.buckets} buckets (${s.differingBuckets} differ): ` +
    `${s.missing} missing, ${s.extra} extra, ${s.different} different; ${s.repaired} republished, ${s.remaining} remaining`
  );
}
