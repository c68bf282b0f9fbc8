/** What a report counts a fact as. */
export type ReportFactKind = 'permit-issued' | 'residence-issued' | 'pr-eligible' | 'commitment' | 'missing-document';

/**
 * One countable fact of a person's chain, as the monthly reports read it: in which province and
 * month (Asia/Shanghai) it counts, and the numbers it contributes. Derived from the chain alone, so
 * the table of facts can always be rebuilt from person_chains.
 */
export interface ReportFact {
  /** Unique within the person, stable across rebuilds (e.g. permit-issued:<event id>). */
  readonly factKey: string;
  readonly kind: ReportFactKind;
  /** GB/T 2260 province code, e.g. 310000. */
  readonly province: string;
  /** YYYY-MM: the month of the issue (permits, residence, eligibility) or of the due date (items). */
  readonly month: string;
  /** The permit class (permit-issued) or the document kind (items). */
  readonly detail?: string;
  /** Cycle time in calendar days from the step before (application, work permit), when known. */
  readonly days?: number;
  /** Items: the day the document or commitment was due. */
  readonly dueOn?: string;
  /** Items: the day it was supplied (or the commitment fulfilled). */
  readonly doneOn?: string;
  /** Commitments: found untrue by the bureau, or recorded as breached by credit supervision. */
  readonly breached?: boolean;
}

/** What reportFacts needs of a decision of the person (from evaluateChain, or a decisions row). */
export interface DecisionFacts {
  readonly ruleId: string;
  readonly outcome: string;
  readonly inputEventIds: readonly string[];
}
