import { latestTime } from '../decide/decision-row.js';
import { nextDay } from '../decide/shanghai-day.js';
import type { CaseToOpen, Decision } from '../rules/decision.types.js';
import { LINKAGE_ACTOR, LINKAGE_PURPOSE, type CaseActionRow, type CaseRow, type DecisionRow } from '../store/linkage-rows.js';
import { caseIdOf, caseKeyOf } from './case-id.js';

/** What one person's decisions, decided again, change. */
export interface ReconcileInput {
  readonly subject: string;
  readonly decisions: readonly Decision[];
  /** The decisions as rows, by key. */
  readonly rows: ReadonlyMap<string, DecisionRow>;
  readonly storedDecisions: readonly DecisionRow[];
  readonly storedCases: readonly CaseRow[];
  readonly asOf: string;
  /** The person's province: cases owned by a national agency are counted there. */
  readonly province: string;
  readonly eventTimes: ReadonlyMap<string, string>;
  /** The time of the person's latest event: when a case no decision asks for any more was resolved. */
  readonly latestEventTime: string;
  /** The code (code list linkage-case-resolution) a case resolved by the service gets, from the decision that no longer asks for it. */
  readonly resolutionOf: (decision: DecisionRow | undefined) => string;
}

/**
 * Why a linkage event is published: a decision changed; a case no decision asks for any more was
 * resolved; a case turned overdue; a standing conclusion (a flag, simplified procedures) no longer holds.
 */
export type PublicationReason = 'decision' | 'case-resolved' | 'case-overdue' | 'withdrawn';

/** Outcomes that stand until withdrawn: when no rule reaches them any more, that is announced. */
const STANDING_OUTCOMES: ReadonlySet<string> = new Set(['flag-raised', 'simplified-procedures', 'eligibility-determined']);

/** One linkage event to publish: about a decision, with the case it concerns (its state after this change). */
export interface Publication {
  readonly reason: PublicationReason;
  readonly decision: DecisionRow;
  readonly case?: CaseRow;
}

export interface ReconcilePlan {
  readonly saveDecisions: DecisionRow[];
  readonly deleteDecisions: string[];
  readonly insertCases: CaseRow[];
  readonly updateCases: CaseRow[];
  readonly actions: CaseActionRow[];
  readonly publications: Publication[];
}

type Change = 'opened' | 'reopened' | 'updated' | 'resolved' | 'overdue';

/**
 * Reconciles one person's decisions with the stored ones and their cases (pure). A decision whose
 * digest changed is saved and published; one no longer reached is deleted. Each case a decision
 * asks for is opened once by its case key (a case the service resolved and the decision asks for
 * again is reopened; one resolved by a person is left alone). A case no decision asks for any more
 * is resolved by the service with the decision's outcome. A case open or claimed past its due date
 * turns overdue (overdue since the day after it), once. Every change of state is an action row of actor
 * `linkage` and purpose `linkage-supervision`; each case changed is published once, with its decision.
 */
export function reconcileCases(input: ReconcileInput): ReconcilePlan {
  const stored = new Map(input.storedDecisions.map((row) => [row.key, row]));
  const cases = new Map(input.storedCases.map((row) => [row.caseKey, row]));
  const changes = new Map<string, Change[]>();
  const change = (row: CaseRow, what: Change): void => {
    cases.set(row.caseKey, row);
    changes.set(row.caseKey, [...(changes.get(row.caseKey) ?? []), what]);
  };
  const actions: CaseActionRow[] = [];
  const act = (row: CaseRow, action: CaseActionRow['action'], detail: Record<string, unknown>, at?: string): void => {
    actions.push({ caseId: row.id, action, actor: LINKAGE_ACTOR, purpose: LINKAGE_PURPOSE, detail, ...(at ? { at } : {}) });
  };

  const asked = new Set<string>();
  for (const decision of input.decisions) {
    for (const wanted of decision.cases) {
      const key = caseKeyOf(decision.key, wanted.kind, wanted.agency);
      asked.add(key);
      const existing = cases.get(key);
      const fresh = caseFields(decision, wanted, input.province);
      if (!existing) {
        const row: CaseRow = { ...fresh, id: caseIdOf(key), caseKey: key, ...NOT_ACTED_ON, state: 'open' };
        change(row, 'opened');
        act(row, 'opened', { decisionKey: decision.key, outcome: decision.outcome });
      } else if (existing.state === 'resolved' && existing.resolvedBy === LINKAGE_ACTOR) {
        const row: CaseRow = {
          ...existing,
          ...fresh,
          ...NOT_ACTED_ON,
          claimedBy: existing.claimedBy,
          claimedAt: existing.claimedAt,
          state: 'open',
        };
        change(row, 'reopened');
        act(row, 'reopened', { decisionKey: decision.key, outcome: decision.outcome });
      } else if (existing.state !== 'resolved' && differs(existing, fresh)) {
        change({ ...existing, ...fresh }, 'updated');
      }
    }
  }

  for (const row of [...cases.values()]) {
    if (row.state === 'resolved' || asked.has(row.caseKey)) continue;
    const decision = input.rows.get(row.decisionKey) ?? stored.get(row.decisionKey);
    const outcome = input.resolutionOf(input.rows.get(row.decisionKey));
    const resolvedAt = (decision && latestTime(decision.inputEventIds, input.eventTimes)) ?? input.latestEventTime;
    const resolved: CaseRow = {
      ...row,
      state: 'resolved',
      resolvedAt: new Date(resolvedAt).toISOString(),
      resolvedBy: LINKAGE_ACTOR,
      resolutionOutcome: outcome,
      resolutionNote: null,
    };
    change(resolved, 'resolved');
    act(resolved, 'resolved', { outcome, decisionKey: row.decisionKey });
  }

  for (const row of [...cases.values()]) {
    // Once only: a case someone claimed after it turned overdue stays theirs (overdueSince keeps the fact).
    if (
      (row.state === 'open' || row.state === 'claimed') &&
      row.overdueSince === null &&
      row.dueDate !== null &&
      row.dueDate < input.asOf
    ) {
      const overdue: CaseRow = { ...row, state: 'overdue', overdueSince: nextDay(row.dueDate) };
      change(overdue, 'overdue');
      act(overdue, 'overdue', { dueDate: row.dueDate, asOf: input.asOf });
    }
  }

  const saveDecisions = [...input.rows.values()].filter((row) => stored.get(row.key)?.digest !== row.digest);
  const deleteDecisions = [...stored.keys()].filter((key) => !input.rows.has(key));
  return {
    saveDecisions,
    deleteDecisions,
    insertCases: [...changes.keys()].filter((key) => changes.get(key)?.includes('opened')).map((key) => cases.get(key) as CaseRow),
    updateCases: [...changes.keys()].filter((key) => !changes.get(key)?.includes('opened')).map((key) => cases.get(key) as CaseRow),
    actions,
    publications: [
      ...publications(saveDecisions, stored, cases, changes),
      ...deleteDecisions.flatMap((key) => {
        const decision = stored.get(key) as DecisionRow;
        const ownCase = [...cases.values()].some((row) => row.decisionKey === key && changes.has(row.caseKey));
        return STANDING_OUTCOMES.has(decision.outcome) && !ownCase ? [{ reason: 'withdrawn' as const, decision }] : [];
      }),
    ],
  };
}

/** Each changed decision once, with its case; then each changed case no decision publication carried. */
function publications(
  saved: readonly DecisionRow[],
  stored: ReadonlyMap<string, DecisionRow>,
  cases: ReadonlyMap<string, CaseRow>,
  changes: ReadonlyMap<string, Change[]>,
): Publication[] {
  const carried = new Set<string>();
  const result: Publication[] = [];
  for (const decision of saved) {
    const own = [...cases.values()].filter((row) => row.decisionKey === decision.key);
    const changed = own.filter((row) => changes.has(row.caseKey));
    const withCase = changed.length > 0 ? changed : own.filter((row) => row.state !== 'resolved').slice(0, 1);
    if (withCase.length === 0) result.push({ reason: 'decision', decision });
    for (const row of withCase) {
      carried.add(row.caseKey);
      result.push({ reason: 'decision', decision, case: row });
    }
  }
  for (const [key, what] of changes) {
    if (carried.has(key)) continue;
    const row = cases.get(key) as CaseRow;
    const decision = stored.get(row.decisionKey);
    if (!decision) continue;
    if (what.includes('overdue')) result.push({ reason: 'case-overdue', decision, case: row });
    else if (what.includes('resolved')) result.push({ reason: 'case-resolved', decision, case: row });
  }
  return result;
}

const NOT_ACTED_ON = {
  claimedBy: null,
  claimedAt: null,
  resolvedAt: null,
  resolvedBy: null,
  resolutionOutcome: null,
  resolutionNote: null,
  overdueSince: null,
} as const;

type DecidedFields = Omit<CaseRow, 'id' | 'caseKey' | 'state' | keyof typeof NOT_ACTED_ON>;

function caseFields(decision: Decision, wanted: CaseToOpen, personProvince: string): DecidedFields {
  const province = /-(\d{6})$/.exec(wanted.agency)?.[1] ?? personProvince;
  return {
    decisionKey: decision.key,
    subject: decision.subject,
    ruleId: decision.ruleId,
    ruleVersion: decision.ruleVersion,
    kind: wanted.kind,
    label: wanted.label,
    ownerAgency: wanted.agency,
    province,
    openedOn: wanted.openedOn,
    dueDate: 'date' in wanted.due ? wanted.due.date : null,
    dueCannotDecide: 'cannotDecide' in wanted.due ? wanted.due.cannotDecide : null,
    causedBy: decision.inputEventIds,
  };
}

function differs(row: CaseRow, fresh: DecidedFields): boolean {
  return (Object.keys(fresh) as (keyof DecidedFields)[]).some((key) => JSON.stringify(row[key]) !== JSON.stringify(fresh[key]));
}
