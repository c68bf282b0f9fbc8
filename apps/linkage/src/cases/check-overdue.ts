import type { EntityManager } from 'typeorm';
import { NOTHING_DECIDED, add, redecideSubjects, type DecideDependencies, type DecideOutcome } from '../decide/redecide-subjects.js';
import type { RuleContext } from '../rules/rule-context.js';

/** People decided again in one transaction of the overdue check. */
const PEOPLE_PER_TRANSACTION = 200;

/**
 * The people whose decisions may have changed by `asOf` with no new event: cases open or claimed
 * past their due date, and chains whose next check day has come (an item falls due, a card or
 * class A permit lapses).
 */
export async function peopleToCheck(
  tx: EntityManager,
  asOf: string,
  deps: Pick<DecideDependencies, 'cases' | 'chains'>,
): Promise<string[]> {
  const subjects = new Set([...(await deps.cases.subjectsPastDue(tx, asOf)), ...(await deps.chains.dueForCheck(tx, asOf))]);
  return [...subjects].sort();
}

/**
 * Decides those people again as of `context.asOf` (cases turn overdue, audited, with
 * linkage.deadline-overdue; rules 2 and 3 find items overdue), in transactions of a few hundred
 * people, each person under their chain lock; records the run in `overdue_checks` (a rebuild runs
 * it again where it ran).
 */
export async function checkOverdue(
  transaction: <T>(work: (tx: EntityManager) => Promise<T>) => Promise<T>,
  context: RuleContext,
  deps: DecideDependencies,
): Promise<{ people: number; decided: DecideOutcome }> {
  const people = await transaction((tx) => peopleToCheck(tx, context.asOf, deps));
  let decided = NOTHING_DECIDED;
  for (let i = 0; i < people.length; i += PEOPLE_PER_TRANSACTION) {
    const chunk = people.slice(i, i + PEOPLE_PER_TRANSACTION);
    decided = add(
      decided,
      await transaction(async (tx) => {
        await deps.chains.lock(tx, chunk);
        return redecideSubjects(tx, chunk, context, deps);
      }),
    );
  }
  await transaction((tx) => tx.query('INSERT INTO overdue_checks (as_of, people) VALUES ($1, $2)', [context.asOf, people.length]));
  return { people: people.length, decided };
}
