import type { EntityManager } from 'typeorm';
import { applyEvent } from '../chain/apply-event.js';
import type { ChainEvent, PersonChain } from '../chain/person-chain.types.js';
import { replaceReportFacts, reportFacts } from '../reports/index.js';
import type { RuleContext } from '../rules/rule-context.js';
import type { StoredChain } from '../store/person-chains.repository.js';
import { NOTHING_DECIDED, redecideSubjects, type DecideDependencies, type DecideOutcome } from './redecide-subjects.js';

/** What folding a person's new events did. */
export interface FoldOutcome {
  readonly folded: readonly ChainEvent[];
  /** Events applyEvent refused, with why. */
  readonly refused: readonly { readonly event: ChainEvent; readonly error: Error }[];
  readonly decided: DecideOutcome;
}

/**
 * One step of one person, the same live and in a rebuild: their new events folded into their chain
 * (an unknown person starts one), the chain saved, `record` called with the events folded (the live
 * path writes them to the inbox), the person and the family members linked to them decided again
 * as of `context.asOf`, and the person's report facts replaced. The caller holds the person's chain lock.
 */
export async function foldAndDecide(
  tx: EntityManager,
  subject: string,
  events: readonly ChainEvent[],
  context: RuleContext,
  deps: DecideDependencies,
  record: (folded: readonly ChainEvent[]) => Promise<void>,
  /** The person's stored chain when the caller read it already under the lock (null: none yet); read here when absent. */
  preloaded?: StoredChain | null,
): Promise<FoldOutcome> {
  let chain: PersonChain | undefined =
    preloaded === undefined ? (await deps.chains.load(tx, [subject])).get(subject)?.chain : (preloaded?.chain ?? undefined);
  const folded: ChainEvent[] = [];
  const refused: { event: ChainEvent; error: Error }[] = [];
  for (const event of events) {
    try {
      chain = applyEvent(chain, event);
      folded.push(event);
    } catch (error) {
      refused.push({ event, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }
  if (!chain || folded.length === 0) return { folded, refused, decided: NOTHING_DECIDED };
  const stored = await deps.chains.save(tx, chain, context.asOf);
  await record(folded);
  const family = await deps.chains.dependantsOf(tx, stored.residencePermits, subject);
  await deps.chains.lock(tx, family);
  const decided = await redecideSubjects(tx, [subject, ...family], context, deps, { stored, dependants: family });
  // The monthly reports count a few facts per person, kept beside the chain in the same transaction.
  await replaceReportFacts(tx, subject, reportFacts(chain, await deps.decisions.ofSubject(tx, subject)));
  return { folded, refused, decided };
}
