import type { Labels } from '../calendar/working-calendar.types.js';

/** What a rule concluded about one fact of a person's chain. */
export type DecisionOutcome =
  | 'review-required'
  | 'inconsistency-detected'
  | 'deadline-overdue'
  | 'item-fulfilled'
  | 'item-fulfilled-late'
  | 'eligibility-determined'
  | 'not-eligible'
  | 'flag-raised'
  | 'flag-lifted'
  | 'case-resolved'
  | 'verified'
  | 'simplified-procedures'
  | 'cannot-decide'
  /** A commitment the bureau verified and found untrue (rule 2): a revocation review, and credit supervision told. */
  | 'commitment-breached';

/** A case for people to act on, owned by the agency that holds the data the next step needs. */
export interface CaseToOpen {
  /** Agency id, e.g. psb-310000 (public security exit-entry of Shanghai). */
  readonly agency: string;
  readonly kind: string;
  readonly label: Labels;
  /** The date the working days are counted from. */
  readonly openedOn: string;
  readonly dueInWorkingDays: number;
  /** The due date on the official calendar, or why it cannot be counted (never a guess). */
  readonly due: { readonly date: string } | { readonly cannotDecide: string };
}

/** A decision that explains itself: which rule and version, on which events, with which thresholds. */
export interface Decision {
  /** Stable across rebuilds: rule id, subject and the fact it is about. */
  readonly key: string;
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly subject: string;
  readonly outcome: DecisionOutcome;
  readonly explanation: Labels;
  /** Ids of the events the decision rests on, sorted. */
  readonly inputEventIds: readonly string[];
  readonly thresholds: Readonly<Record<string, string | number>>;
  readonly cases: readonly CaseToOpen[];
  /** Agencies told of the decision without a case for them (e.g. eligibility for permanent residence). */
  readonly notify: readonly string[];
  /** Rule-specific findings, e.g. each year's tests for permanent residence. */
  readonly findings?: readonly Finding[];
}

/** One test a rule ran, with its measured value, its threshold and by how much it failed. */
export interface Finding {
  readonly about: string;
  readonly test: string;
  readonly passed: boolean | 'cannot-decide';
  readonly measured?: string;
  readonly required?: string;
  readonly shortfall?: string;
  readonly explanation: Labels;
}
