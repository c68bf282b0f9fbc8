import type { PsbReplay } from './psb-replay.js';
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
  /**
   * The comparison with public security's copy, when PSB_RECONCILE_URL is set: its counts, the
   * replay that would deliver what it lacks or holds older, or why it could not be compared. Kept in
   * the adapter's store and report; the hub takes the counts or the error (hubSummaryOf).
   */
  readonly psb?: PsbSummary;
}

/** The counts of the comparison with public security's copy (kept in the stored summary and sent to the hub). */
export interface PsbComparison {
  readonly psbRecords: number;
  readonly buckets: number;
  readonly differingBuckets: number;
  readonly missingAtPsb: number;
  readonly differentAtPsb: number;
  readonly extraAtPsb: number;
}

/** The comparison with public security's copy, as the summary keeps it. */
export type PsbSummary = (PsbComparison & { readonly replay?: PsbReplay }) | { readonly error: string };

/** A reconciliation's summary and its record-level findings. */
export interface Reconciliation {
  readonly summary: ReconciliationSummary;
  readonly differences: readonly (RecordDifference & { readonly repaired?: boolean })[];
}

/** Differences with public security's copy (none when it was not compared), or undefined when it could not be compared. */
export function psbDifferenceCount(summary: ReconciliationSummary): number | undefined {
  const psb = summary.psb;
  if (psb === undefined) return 0;
  if ('error' in psb) return undefined;
  return psb.missingAtPsb + psb.differentAtPsb + psb.extraAtPsb;
}

/**
 * The summary the hub takes (`POST /v1/reconciliations`): with the comparison with public
 * security's copy as counts (or its error), without the replay advice meant for public security's
 * operator.
 */
export function hubSummaryOf(summary: ReconciliationSummary): ReconciliationSummary {
  const { psb, ...rest } = summary;
  if (psb === undefined) return rest;
  if ('error' in psb) return { ...rest, psb: { error: psb.error } };
  const { psbRecords, buckets, differingBuckets, missingAtPsb, differentAtPsb, extraAtPsb } = psb;
  return { ...rest, psb: { psbRecords, buckets, differingBuckets, missingAtPsb, differentAtPsb, extraAtPsb } };
}

/** One line: what was compared and what was found. */
export function describeReconciliation({ summary: s }: Reconciliation): string {
  const range = `${s.from ?? '…'}..${s.to ?? '…'}`;
  if (s.outcome === 'failed') return `reconciliation ${range} failed: ${s.error ?? 'unknown error'}`;
  return (
    `reconciliation ${range}: ${s.agencyRecords} records here, ${s.hubRecords} at the hub, ${s.buckets} buckets (${s.differingBuckets} differ): ` +
    `${s.missing} missing, ${s.extra} extra, ${s.different} different; ${s.repaired} republished, ${s.remaining} remaining${describePsb(s.psb)}`
  );
}

function describePsb(psb: PsbSummary | undefined): string {
  if (psb === undefined) return '';
  if ('error' in psb) return `; public security's copy not compared: ${psb.error}`;
  return (
    `; public security's copy: ${psb.psbRecords} records, ${psb.missingAtPsb} missing, ${psb.differentAtPsb} different, ${psb.extraAtPsb} extra` +
    (psb.replay ? `, replay ${JSON.stringify(psb.replay.body)} for ${psb.replay.records.length}` : '')
  );
}
