import type { Labels } from '../calendar/working-calendar.types.js';

export type CaseState = 'open' | 'claimed' | 'resolved' | 'overdue';
export const CASE_STATES: readonly CaseState[] = ['open', 'claimed', 'resolved', 'overdue'];

/** The columns of `cases` every read selects, dates as YYYY-MM-DD text. */
export const CASE_COLUMNS = `id, case_key, decision_key, subject, rule_id, rule_version, kind, label, owner_agency, province, state,
  to_char(opened_on, 'YYYY-MM-DD') AS opened_on, to_char(due_date, 'YYYY-MM-DD') AS due_date, due_cannot_decide, caused_by,
  claimed_by, claimed_at, resolved_at, resolved_by, resolution_outcome, resolution_note,
  to_char(overdue_since, 'YYYY-MM-DD') AS overdue_since, created_at, updated_at`;

/** A row of `cases` as CASE_COLUMNS selects it. */
export interface CaseRow {
  id: string;
  case_key: string;
  decision_key: string;
  subject: string;
  rule_id: string;
  rule_version: number;
  kind: string;
  label: Labels;
  owner_agency: string;
  province: string;
  state: CaseState;
  opened_on: string;
  due_date: string | null;
  due_cannot_decide: string | null;
  caused_by: string[];
  claimed_by: string | null;
  claimed_at: Date | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution_outcome: string | null;
  resolution_note: string | null;
  overdue_since: string | null;
  created_at: Date;
  updated_at: Date;
}

/** A case as the cases API answers it. */
export interface CaseView {
  readonly id: string;
  readonly caseKey: string;
  readonly decisionKey: string;
  readonly subject: string;
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly kind: string;
  readonly label: Labels;
  readonly ownerAgency: string;
  readonly province: string;
  readonly state: CaseState;
  readonly openedOn: string;
  readonly dueDate: string | null;
  readonly dueCannotDecide: string | null;
  readonly causedBy: readonly string[];
  readonly claimedBy: string | null;
  readonly claimedAt: string | null;
  readonly overdueSince: string | null;
  readonly resolution: {
    readonly outcome: string | null;
    readonly note: string | null;
    readonly resolvedBy: string | null;
    readonly resolvedAt: string;
  } | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function caseView(row: CaseRow): CaseView {
  return {
    id: row.id,
    caseKey: row.case_key,
    decisionKey: row.decision_key,
    subject: row.subject,
    ruleId: row.rule_id,
    ruleVersion: row.rule_version,
    kind: row.kind,
    label: row.label,
    ownerAgency: row.owner_agency,
    province: row.province,
    state: row.state,
    openedOn: row.opened_on,
    dueDate: row.due_date,
    dueCannotDecide: row.due_cannot_decide,
    causedBy: row.caused_by,
    claimedBy: row.claimed_by,
    claimedAt: row.claimed_at?.toISOString() ?? null,
    overdueSince: row.overdue_since,
    resolution: row.resolved_at
      ? {
          outcome: row.resolution_outcome,
          note: row.resolution_note,
          resolvedBy: row.resolved_by,
          resolvedAt: row.resolved_at.toISOString(),
        }
      : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
