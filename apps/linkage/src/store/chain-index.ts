import type { PersonChain } from '../chain/person-chain.types.js';
import { nextDay } from '../decide/shanghai-day.js';
import { provinceOf } from '../rules/rule-context.js';

/** What `person_chains` keeps beside the chain itself, so people can be found without reading every chain. */
export interface ChainIndex {
  /** Province (GB/T 2260, e.g. 310000) of the person's latest event. */
  readonly province: string | null;
  readonly cardNumbers: string[];
  readonly residencePermits: string[];
  /** Residence permit numbers of the principals this person's family links name. */
  readonly principalPermits: string[];
  /**
   * The first day after `asOf` on which a decision can change with no new event: a document or
   * commitment falls due, a talent card or class A permit lapses, a suspension ends. Null when none.
   */
  readonly nextCheckOn: string | null;
}

export function indexChain(chain: PersonChain, asOf: string): ChainIndex {
  const { state } = chain;
  const latest = chain.events[chain.events.length - 1];
  return {
    province: latest ? provinceOf(latest.region) : null,
    cardNumbers: Object.keys(state.talentCards).sort(),
    residencePermits: Object.keys(state.residencePermits).sort(),
    principalPermits: [...new Set(state.familyLinks.map((link) => link.principalResidencePermitNo))].sort(),
    nextCheckOn: nextCheckOn(chain, asOf),
  };
}

function nextCheckOn(chain: PersonChain, asOf: string): string | null {
  const { state } = chain;
  const days: string[] = [];
  for (const application of Object.values(state.applications)) {
    for (const item of [
      ...application.missingDocuments.map((d) => ({ ...d, due: d.dueDate })),
      ...application.commitments.map((c) => ({ ...c, due: c.verifyBy })),
    ]) {
      // Overdue once the day after its due date has come.
      if (item.suppliedOn === undefined) days.push(nextDay(item.due));
    }
  }
  for (const card of Object.values(state.talentCards)) {
    if (card.validTo) days.push(nextDay(card.validTo));
    if (card.suspendedOn) days.push(card.suspendedOn);
    if (card.suspendedUntil) days.push(card.suspendedUntil);
  }
  for (const permit of Object.values(state.workPermits)) {
    if (permit.permitClass === 'A' && permit.validTo) days.push(nextDay(permit.validTo));
  }
  const later = days.filter((day) => day > asOf).sort();
  return later[0] ?? null;
}
