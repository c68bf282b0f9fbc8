import type { EntityManager } from 'typeorm';
import type { ReconcilePlan } from '../cases/reconcile-cases.js';
import type { LinkageEventWriter } from '../publish/linkage-event-writer.js';
import type { RuleContext } from '../rules/rule-context.js';
import type { CasesRepository } from '../store/cases.repository.js';
import type { DecisionsRepository } from '../store/decisions.repository.js';
import type { PersonChainsRepository, StoredChain } from '../store/person-chains.repository.js';
import { decidePerson } from './decide-person.js';

/** The stores deciding writes to, and the writer of linkage events (none in a rebuild: it publishes nothing). */
export interface DecideDependencies {
  readonly chains: PersonChainsRepository;
  readonly decisions: DecisionsRepository;
  readonly cases: CasesRepository;
  readonly events: LinkageEventWriter | null;
}

/** What deciding changed. */
export interface DecideOutcome {
  readonly decisionsChanged: number;
  readonly casesOpened: number;
  readonly casesChanged: number;
  readonly eventsWritten: number;
}

export const NOTHING_DECIDED: DecideOutcome = { decisionsChanged: 0, casesOpened: 0, casesChanged: 0, eventsWritten: 0 };

/**
 * Decides each person again in the caller's transaction, as of `context.asOf`: every rule over the
 * person's own chain, and the family rule over each principal the person's family links name (a
 * family member's decisions come from the principal's chain, so the principal is evaluated with
 * the member). Decisions, cases, case actions and linkage events are reconciled (reconcileCases).
 */
export async function redecideSubjects(
  tx: EntityManager,
  subjects: readonly string[],
  context: RuleContext,
  deps: DecideDependencies,
  fresh?: FreshChain,
): Promise<DecideOutcome> {
  let outcome = NOTHING_DECIDED;
  const people = [...new Set(subjects)].sort();
  // Deciding changes no chain, so every chain is read once, up front; the one just saved is not read again.
  const stored = await deps.chains.load(
    tx,
    people.filter((subject) => subject !== fresh?.stored.chain.subject),
  );
  for (const subject of people) {
    const isFresh = fresh !== undefined && subject === fresh.stored.chain.subject;
    const own = isFresh ? fresh.stored : stored.get(subject);
    if (own) outcome = add(outcome, await redecideOne(tx, own, context, deps, isFresh ? fresh : undefined));
  }
  return outcome;
}

/** A chain saved in this transaction as of the context's day (its next check day stored with it) and the people its family links name. */
export interface FreshChain {
  readonly stored: StoredChain;
  readonly dependants: readonly string[];
}

async function redecideOne(
  tx: EntityManager,
  person: StoredChain,
  context: RuleContext,
  deps: DecideDependencies,
  fresh: FreshChain | undefined,
): Promise<DecideOutcome> {
  const { chain } = person;
  const principalSubjects = await deps.chains.principalsOf(tx, person.principalPermits, chain.subject);
  const principals = [...(await deps.chains.load(tx, principalSubjects)).values()].map((p) => p.chain);
  const { plan, province, breaches } = decidePerson(
    {
      chain,
      principals,
      storedDecisions: await deps.decisions.ofSubject(tx, chain.subject),
      storedCases: await deps.cases.ofSubject(tx, chain.subject),
    },
    context,
  );

  await deps.decisions.save(tx, plan.saveDecisions);
  await deps.decisions.delete(tx, plan.deleteDecisions);
  for (const row of plan.insertCases) await deps.cases.insert(tx, row);
  for (const row of plan.updateCases) await deps.cases.update(tx, row);
  await deps.cases.addActions(tx, plan.actions);
  let eventsWritten = 0;
  if (deps.events) {
    eventsWritten += (await deps.events.publish(tx, plan.publications, province)).length;
    eventsWritten += (await deps.events.write(tx, breaches)).length;
  }
  const dependants = fresh?.dependants ?? (await deps.chains.dependantsOf(tx, person.residencePermits, chain.subject));
  await deps.chains.setFamily(tx, chain.subject, [...new Set([...principalSubjects, ...dependants])]);
  if (!fresh) await deps.chains.recheck(tx, chain, context.asOf);
  return outcomeOf(plan, eventsWritten);
}

/** What a person's plan changes, with the events written for it. */
export function outcomeOf(plan: ReconcilePlan, eventsWritten: number): DecideOutcome {
  return {
    decisionsChanged: plan.saveDecisions.length + plan.deleteDecisions.length,
    casesOpened: plan.insertCases.length,
    casesChanged: plan.updateCases.length,
    eventsWritten,
  };
}

export function add(a: DecideOutcome, b: DecideOutcome): DecideOutcome {
  return {
    decisionsChanged: a.decisionsChanged + b.decisionsChanged,
    casesOpened: a.casesOpened + b.casesOpened,
    casesChanged: a.casesChanged + b.casesChanged,
    eventsWritten: a.eventsWritten + b.eventsWritten,
  };
}
