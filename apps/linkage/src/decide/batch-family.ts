import type { EntityManager } from 'typeorm';
import type { PersonChain } from '../chain/person-chain.types.js';
import type { FamilyEntry, PersonChainsRepository, StoredChain } from '../store/person-chains.repository.js';

/** A batch's people and their families: whom to decide, and each one's principals and dependants. */
export interface BatchFamily {
  /** The people decided: those with new events, then the family members linked to their permits (locked, read under the lock). */
  readonly people: ReadonlyMap<string, StoredChain>;
  /** The people whose chains changed in this batch. */
  readonly fresh: ReadonlySet<string>;
  readonly principals: ReadonlyMap<string, readonly PersonChain[]>;
  /** Each person's family: the principals and dependants linked to them, sorted. */
  readonly families: ReadonlyMap<string, readonly string[]>;
}

/**
 * Finds the families of a batch's new chains, set-based: under an advisory lock per residence permit
 * they hold or link to (so a concurrent batch storing the other side of a link is seen), the people
 * linked to those permits; the dependants are locked and read; then every principal of every person
 * decided. The batch's own chains, not stored yet, stand in for their stored rows.
 */
export async function findBatchFamily(
  tx: EntityManager,
  chains: PersonChainsRepository,
  fresh: ReadonlyMap<string, StoredChain>,
): Promise<BatchFamily> {
  const freshPermits = permitsOf(fresh.values());
  await chains.lockFamilies(tx, freshPermits);
  const index = new Map<string, FamilyEntry>();
  for (const entry of await chains.familyOf(tx, freshPermits)) index.set(entry.subject, entry);
  for (const [subject, chain] of fresh) index.set(subject, entryOf(subject, chain));
  const linkedAtFirst = linker(index, 'principalPermits');
  const freshDependants = new Map([...fresh].map(([subject, chain]) => [subject, linkedAtFirst(chain.residencePermits, subject)]));
  const others = [...new Set([...freshDependants.values()].flat())].filter((subject) => !fresh.has(subject)).sort();
  await chains.lock(tx, others);
  const loaded = await chains.load(tx, others);
  for (const [subject, chain] of loaded) index.set(subject, entryOf(subject, chain));
  const known = new Set(freshPermits);
  const morePermits = permitsOf(loaded.values()).filter((permit) => !known.has(permit));
  for (const entry of await chains.familyOf(tx, morePermits)) if (!index.has(entry.subject)) index.set(entry.subject, entry);

  const people = new Map([...fresh, ...[...loaded].sort(([a], [b]) => (a < b ? -1 : 1))]);
  const holdersOf = linker(index, 'residencePermits');
  const dependantsOf = linker(index, 'principalPermits');
  const principalSubjects = new Map([...people].map(([subject, chain]) => [subject, holdersOf(chain.principalPermits, subject)]));
  const wanted = [...new Set([...principalSubjects.values()].flat())].filter((subject) => !people.has(subject));
  const principalChains = new Map([...people].map(([subject, stored]) => [subject, stored.chain]));
  for (const [subject, stored] of await chains.load(tx, wanted)) principalChains.set(subject, stored.chain);
  return {
    people,
    fresh: new Set(fresh.keys()),
    principals: new Map(
      [...principalSubjects].map(([subject, list]) => [subject, list.flatMap((principal) => principalChains.get(principal) ?? [])]),
    ),
    families: new Map(
      [...people].map(([subject, chain]) => {
        const dependants = freshDependants.get(subject) ?? dependantsOf(chain.residencePermits, subject);
        return [subject, [...new Set([...(principalSubjects.get(subject) ?? []), ...dependants])].sort()];
      }),
    ),
  };
}

function entryOf(subject: string, chain: StoredChain): FamilyEntry {
  return { subject, residencePermits: chain.residencePermits, principalPermits: chain.principalPermits };
}

function permitsOf(chains: Iterable<StoredChain>): string[] {
  const permits = new Set<string>();
  for (const chain of chains) for (const permit of [...chain.residencePermits, ...chain.principalPermits]) permits.add(permit);
  return [...permits].sort();
}

/** Who in the index has one of some permits in `field`: a look-up by permit, answering people in subject order less `except`. */
function linker(
  index: ReadonlyMap<string, FamilyEntry>,
  field: 'residencePermits' | 'principalPermits',
): (permits: readonly string[], except: string) => string[] {
  const byPermit = new Map<string, string[]>();
  for (const entry of index.values()) {
    for (const permit of entry[field]) byPermit.set(permit, [...(byPermit.get(permit) ?? []), entry.subject]);
  }
  return (permits, except) => [...new Set(permits.flatMap((permit) => byPermit.get(permit) ?? []))].filter((s) => s !== except).sort();
}
