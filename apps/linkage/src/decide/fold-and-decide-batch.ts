import { HubError } from '@hub/contracts';
import type { EntityManager } from 'typeorm';
import { applyEvent } from '../chain/apply-event.js';
import type { ChainEvent, PersonChain } from '../chain/person-chain.types.js';
import { publicationEvents } from '../publish/linkage-event-writer.js';
import { replaceReportFactsOf, reportFacts, type ReportFact } from '../reports/index.js';
import type { RuleContext } from '../rules/rule-context.js';
import { indexChain } from '../store/chain-index.js';
import type { DecisionRow } from '../store/linkage-rows.js';
import type { StoredChain } from '../store/person-chains.repository.js';
import { findBatchFamily } from './batch-family.js';
import { decidePerson, type PersonDecided } from './decide-person.js';
import { add, NOTHING_DECIDED, outcomeOf, type DecideDependencies, type DecideOutcome } from './redecide-subjects.js';

/** What folding one person's new events did. */
export interface PersonFold {
  readonly folded: readonly ChainEvent[];
  /** Events applyEvent refused, with why. */
  readonly refused: readonly { readonly event: ChainEvent; readonly error: Error }[];
}

/** What folding and deciding a batch did. */
export interface BatchFoldOutcome {
  readonly folds: ReadonlyMap<string, PersonFold>;
  readonly decided: DecideOutcome;
}

/** The rules failed on a person while a batch was decided in memory; nothing was written yet. */
export class PersonDecideFailedError extends HubError {
  constructor(
    readonly subject: string,
    cause: unknown,
  ) {
    super(
      'LINKAGE_PERSON_DECIDE_FAILED',
      `the linkage rules failed on ${subject}'s chain: ${cause instanceof Error ? cause.message : String(cause)}; ` +
        'decide the batch one person at a time to park that person’s events',
      { cause, context: { subject } },
    );
  }
}

/**
 * foldAndDecide for a whole batch, set-based: every person's new events folded in memory (the
 * chains given were read under their locks; an unknown person starts one), the families found
 * (findBatchFamily), every decision and case those people hold read in two statements, each person
 * decided in memory (decidePerson); only then written, one statement per table: chains, `record`
 * (the live path's inbox), decisions, cases, case actions, linkage events, families, next check
 * days, report facts. Throws PersonDecideFailedError before writing anything when the rules fail on
 * someone. Each person ends as deciding them on their final chain gives.
 */
export async function foldAndDecideBatch(
  tx: EntityManager,
  events: ReadonlyMap<string, readonly ChainEvent[]>,
  stored: ReadonlyMap<string, StoredChain>,
  context: RuleContext,
  deps: DecideDependencies,
  record: (folded: readonly ChainEvent[]) => Promise<void>,
): Promise<BatchFoldOutcome> {
  const folds = new Map<string, PersonFold>();
  const fresh = new Map<string, StoredChain>();
  for (const subject of [...events.keys()].sort()) {
    const { chain, ...fold } = foldPerson(stored.get(subject)?.chain, events.get(subject) ?? []);
    folds.set(subject, fold);
    if (chain && fold.folded.length > 0) fresh.set(subject, { chain, ...permitsOf(chain, context.asOf) });
  }
  if (fresh.size === 0) return { folds, decided: NOTHING_DECIDED };

  const family = await findBatchFamily(tx, deps.chains, fresh);
  const subjects = [...family.people.keys()];
  const storedDecisions = await deps.decisions.ofSubjects(tx, subjects);
  const storedCases = await deps.cases.ofSubjects(tx, subjects);
  const decided = new Map<string, PersonDecided>();
  for (const [subject, person] of family.people) {
    try {
      const principals = family.principals.get(subject) ?? [];
      const input = {
        chain: person.chain,
        principals,
        storedDecisions: storedDecisions.get(subject) ?? [],
        storedCases: storedCases.get(subject) ?? [],
      };
      decided.set(subject, decidePerson(input, context));
    } catch (error) {
      throw new PersonDecideFailedError(subject, error);
    }
  }

  await deps.chains.saveMany(
    tx,
    [...fresh.values()].map(({ chain }) => chain),
    context.asOf,
  );
  await record([...folds.values()].flatMap((fold) => fold.folded));
  const outcome = await writeDecided(tx, [...decided.values()], deps);
  await deps.chains.setFamilies(tx, family.families);
  const rechecked = [...family.people].filter(([subject]) => !family.fresh.has(subject)).map(([, person]) => person.chain);
  await deps.chains.recheckMany(tx, rechecked, context.asOf);
  // The monthly reports count a few facts per person, kept beside the chain in the same transaction.
  const facts = new Map<string, ReportFact[]>();
  for (const [subject, { chain }] of fresh) facts.set(subject, reportFacts(chain, sortedDecisions(decided.get(subject))));
  await replaceReportFactsOf(tx, facts);
  return { folds, decided: outcome };
}

function foldPerson(chain: PersonChain | undefined, events: readonly ChainEvent[]): PersonFold & { chain: PersonChain | undefined } {
  const folded: ChainEvent[] = [];
  const refused: { event: ChainEvent; error: Error }[] = [];
  let current = chain;
  for (const event of events) {
    try {
      current = applyEvent(current, event);
      folded.push(event);
    } catch (error) {
      refused.push({ event, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }
  return { chain: current, folded, refused };
}

function permitsOf(chain: PersonChain, asOf: string): Omit<StoredChain, 'chain'> {
  const index = indexChain(chain, asOf);
  return { residencePermits: index.residencePermits, principalPermits: index.principalPermits };
}

/** The people's plans written, each table in one statement, in the order the per-person path writes them. */
async function writeDecided(tx: EntityManager, people: readonly PersonDecided[], deps: DecideDependencies): Promise<DecideOutcome> {
  const plans = people.map((person) => person.plan);
  await deps.decisions.save(
    tx,
    plans.flatMap((plan) => plan.saveDecisions),
  );
  await deps.decisions.delete(
    tx,
    plans.flatMap((plan) => plan.deleteDecisions),
  );
  await deps.cases.insertMany(
    tx,
    plans.flatMap((plan) => plan.insertCases),
  );
  await deps.cases.updateMany(
    tx,
    plans.flatMap((plan) => plan.updateCases),
  );
  await deps.cases.addActions(
    tx,
    plans.flatMap((plan) => plan.actions),
  );
  const events = people.map((person) =>
    deps.events ? [...publicationEvents(person.plan.publications, person.province), ...person.breaches] : [],
  );
  if (deps.events) await deps.events.write(tx, events.flat());
  return people.reduce((sum, person, i) => add(sum, outcomeOf(person.plan, events[i]?.length ?? 0)), NOTHING_DECIDED);
}

/** The decisions a person holds once decided, in key order (as the per-person path reads them back). */
function sortedDecisions(person: PersonDecided | undefined): DecisionRow[] {
  return [...(person?.decisions.values() ?? [])].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
