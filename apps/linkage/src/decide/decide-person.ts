import { reconcileCases, type ReconcilePlan } from '../cases/reconcile-cases.js';
import { resolutionOf } from '../cases/resolution-of.js';
import type { ChainEvent, PersonChain } from '../chain/person-chain.types.js';
import { creditBreachOf } from '../publish/credit-breach-event.js';
import type { EventToPublish } from '../publish/linkage-event-writer.js';
import type { Decision } from '../rules/decision.types.js';
import { evaluateChain } from '../rules/evaluate-chain.js';
import { provinceOf, type RuleContext } from '../rules/rule-context.js';
import type { CaseRow, DecisionRow } from '../store/linkage-rows.js';
import { toDecisionRow } from './decision-row.js';

/** What deciding one person reads: their chain, their principals' chains, their stored decisions and cases. */
export interface PersonToDecide {
  readonly chain: PersonChain;
  readonly principals: readonly PersonChain[];
  readonly storedDecisions: readonly DecisionRow[];
  readonly storedCases: readonly CaseRow[];
}

/** One person decided: what to write, the province their events are filed under, the rows they hold afterwards. */
export interface PersonDecided {
  readonly plan: ReconcilePlan;
  readonly province: string;
  /** Every decision the person holds once the plan is written, by key. */
  readonly decisions: ReadonlyMap<string, DecisionRow>;
  /** credit.commitment-breached for each commitment found untrue by a decision saved now. */
  readonly breaches: readonly EventToPublish[];
}

/**
 * Decides one person as of `context.asOf` (pure): every rule over their own chain, and the family
 * rule over each principal's chain with theirs (a family member's decisions come from the
 * principal's chain); then reconciles with what is stored (reconcileCases).
 */
export function decidePerson(person: PersonToDecide, context: RuleContext): PersonDecided {
  const { chain, principals } = person;
  const decisions: Decision[] = [
    ...evaluateChain(chain, context, []),
    ...principals.flatMap((principal) => evaluateChain(principal, context, [chain]).filter((d) => d.subject === chain.subject)),
  ];
  const events = eventsById([chain, ...principals]);
  const eventTimes = new Map([...events].map(([id, event]) => [id, event.time]));
  const rows = new Map(decisions.map((decision) => [decision.key, toDecisionRow(decision, eventTimes)]));
  const latest = chain.events[chain.events.length - 1];
  const province = latest ? provinceOf(latest.region) : '100000';
  const plan = reconcileCases({
    subject: chain.subject,
    decisions,
    rows,
    storedDecisions: person.storedDecisions,
    storedCases: person.storedCases,
    asOf: context.asOf,
    province,
    eventTimes,
    latestEventTime: latest?.time ?? new Date(0).toISOString(),
    resolutionOf: (decision) => resolutionOf(decision, events),
  });
  const breaches = plan.saveDecisions.flatMap((row) => creditBreachOf(row, chain, province) ?? []);
  return { plan, province, decisions: rows, breaches };
}

function eventsById(chains: readonly PersonChain[]): Map<string, ChainEvent> {
  return new Map(chains.flatMap((chain) => chain.events.map((event) => [event.id, event] as const)));
}
