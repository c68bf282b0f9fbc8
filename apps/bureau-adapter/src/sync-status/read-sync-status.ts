import type { DataSource } from 'typeorm';
import type { ReconciliationSummary } from '../reconcile/reconciliation.js';

/** One refusal or hold as the bureau sees it. */
export interface RefusalView {
  readonly refusalId: string;
  readonly origin: 'hub' | 'adapter';
  readonly status: 'refused' | 'held';
  readonly recordId: string | null;
  readonly recordVersion: number | null;
  readonly eventId: string | null;
  readonly eventType: string | null;
  readonly code: string;
  readonly httpStatus: number | null;
  readonly message: string;
  readonly messageZh: string | null;
  readonly issues: readonly { path: string; rule: string; message: string; messageZh?: string }[];
  readonly currentVersion: number | null;
  readonly refusedAt: string;
}

/** Where the sync stands. */
export interface SyncStatus {
  readonly position: string | null;
  readonly snapshot: { status: string; chunks: number; permits: number; startedAt: string; finishedAt: string | null } | null;
  readonly publishedPermits: number;
  /** Applications (with their documents and commitments) as last published. */
  readonly publishedApplications: number;
  readonly events: Record<'awaitingOutcome' | 'accepted' | 'duplicate' | 'refused' | 'held', number>;
  readonly refusals: number;
  /** The summary of the newest reconciliation with the hub (GET /v1/reconciliations/latest has its findings). */
  readonly lastReconciliation: ReconciliationSummary | null;
}

/** The newest refusals first; `recordId` narrows to one bureau record. */
export async function listRefusals(db: DataSource, query: { limit: number; recordId?: string }): Promise<RefusalView[]> {
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT refusal_id::text AS "refusalId", origin, status, record_id AS "recordId", record_version AS "recordVersion",
            event_id AS "eventId", event_type AS "eventType", code, http_status AS "httpStatus", message, message_zh AS "messageZh",
            issues, current_version AS "currentVersion", to_json(refused_at) #>> '{}' AS "refusedAt"
     FROM bureau_sync.refusal WHERE ($2::text IS NULL OR record_id = $2) ORDER BY refusal_id DESC LIMIT $1`,
    [query.limit, query.recordId ?? null],
  );
  return rows as unknown as RefusalView[];
}

export async function readSyncStatus(db: DataSource): Promise<SyncStatus> {
  const [row] = await db.query<SyncStatus[]>(`
    SELECT (SELECT last_seq::text FROM bureau_sync.capture_position LIMIT 1) AS position,
           (SELECT json_build_object('status', status, 'chunks', chunks, 'permits', permits, 'startedAt', started_at,
              'finishedAt', finished_at) FROM bureau_sync.snapshot LIMIT 1) AS snapshot,
           (SELECT count(*)::int FROM bureau_sync.published_permit) AS "publishedPermits",
           (SELECT count(*)::int FROM bureau_sync.published_application) AS "publishedApplications",
           (SELECT json_build_object(
              'awaitingOutcome', count(*) FILTER (WHERE outcome IS NULL), 'accepted', count(*) FILTER (WHERE outcome = 'accepted'),
              'duplicate', count(*) FILTER (WHERE outcome = 'duplicate'), 'refused', count(*) FILTER (WHERE outcome = 'refused'),
              'held', count(*) FILTER (WHERE outcome = 'held')) FROM bureau_sync.published_event) AS events,
           (SELECT count(*)::int FROM bureau_sync.refusal) AS refusals,
           (SELECT summary FROM bureau_sync.reconciliation ORDER BY finished_at DESC LIMIT 1) AS "lastReconciliation"`);
  if (!row) throw new Error('The sync status query returned no row.');
  return row;
}
