import type { Labels } from '../calendar/working-calendar.types.js';
import type { Finding } from '../rules/decision.types.js';

/** A row of `decisions`: what a rule concluded, with the digest that tells a changed decision from the same one. */
export interface DecisionRow {
  readonly key: string;
  readonly subject: string;
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly outcome: string;
  readonly explanation: Labels;
  readonly inputEventIds: readonly string[];
  readonly thresholds: Readonly<Record<string, string | number>>;
  readonly findings: readonly Finding[] | null;
  readonly notify: readonly string[];
  readonly digest: string;
  /** The Asia/Shanghai day of the latest input event (never the wall clock). */
  readonly decidedOn: string;
}

export type CaseState = 'open' | 'claimed' | 'resolved' | 'overdue';

/** A row of `cases` (less its created_at and updated_at). Dates are YYYY-MM-DD, instants ISO 8601. */
export interface CaseRow {
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
  readonly resolvedAt: string | null;
  readonly resolvedBy: string | null;
  readonly resolutionOutcome: string | null;
  readonly resolutionNote: string | null;
  readonly overdueSince: string | null;
}

export type CaseActionKind = 'opened' | 'claimed' | 'released' | 'resolved' | 'overdue' | 'reopened' | 'viewed';

/** A row of `case_actions` to write: who did what to a case, under which purpose. */
export interface CaseActionRow {
  readonly caseId: string;
  readonly action: CaseActionKind;
  readonly actor: string;
  readonly purpose: string;
  readonly detail: Readonly<Record<string, unknown>>;
  /** When it happened; the database's now() when absent. */
  readonly at?: string;
}

/** The actor and purpose of everything the service itself does to cases. */
export const LINKAGE_ACTOR = 'linkage';
export const LINKAGE_PURPOSE = 'linkage-supervision';
