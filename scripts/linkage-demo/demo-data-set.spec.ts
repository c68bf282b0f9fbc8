import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { ValidationFailedError, validateEvent, type AnyCanonicalEvent } from '@hub/contracts';
import { applyEvent } from '../../apps/linkage/src/chain/apply-event.js';
import type { PersonChain } from '../../apps/linkage/src/chain/person-chain.types.js';
import { evaluateChain } from '../../apps/linkage/src/rules/evaluate-chain.js';
import { RULE_BOOK } from '../../apps/linkage/src/rules/rule-book.data.js';
import { ruleContext } from '../../apps/linkage/src/testing/rule-context.fixture.js';
import { DEMO_AGENCIES } from './demo-agencies.js';
import { generateLinkageDemo } from './demo-data-set.js';

const demo = generateLinkageDemo({ people: 400, seed: 7 });

/** The events as the linkage service receives them: with a subject derived from the person's identifiers (here a plain hash). */
function chainsOf(events: typeof demo.events): Map<string, PersonChain> {
  const chains = new Map<string, PersonChain>();
  for (const { event } of events) {
    const { contract, envelope } = validateEvent(event);
    const person = contract.identify?.(envelope.data);
    if (!person) throw new Error(`${envelope.type} names no person`);
    const subject = `sub_${createHash('sha256').update(`${person.passportNo}|${person.nationality}|${person.birthDate}`).digest('hex').slice(0, 32)}`;
    chains.set(subject, applyEvent(chains.get(subject), { ...envelope, subject } as AnyCanonicalEvent));
  }
  return chains;
}

describe('the linkage demo data set', () => {
  it('holds only events that meet their contracts, each from an agency allowed to publish it in its own province', () => {
    const agencies = new Map(DEMO_AGENCIES.map((agency) => [agency.id, agency]));
    const problems: string[] = [];
    for (const { agency, event } of demo.events) {
      try {
        const { contract, envelope } = validateEvent(event);
        const profile = agencies.get(agency);
        if (!profile || envelope.agency !== agency || !contract.publishers.includes(profile.kind as never))
          problems.push(`${envelope.type} from ${agency}`);
        if (profile?.region && envelope.region.slice(0, 2) !== profile.region.slice(0, 2))
          problems.push(`${envelope.type} of ${agency} in ${envelope.region}`);
      } catch (error) {
        if (!(error instanceof ValidationFailedError)) throw error;
        problems.push(`${String(event['type'])}: ${error.issues.map((i) => `${i.path} ${i.rule}`).join(', ')}`);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(demo.events.length).toBeGreaterThan(400 * 6);
  });

  it('is the same for the same seed, with unique ids, and another seed gives other ids', () => {
    const again = generateLinkageDemo({ people: 400, seed: 7 });
    expect(again).toEqual(demo);
    const ids = new Set(demo.events.map((e) => e.event.id));
    expect(ids.size).toBe(demo.events.length);
    const other = generateLinkageDemo({ people: 20, seed: 8 });
    expect(other.events.some((e) => ids.has(e.event.id))).toBe(false);
  });

  it('makes every linkage rule decide for some people, with cases and outcomes of each kind', () => {
    const chains = chainsOf(demo.events);
    const principals = new Map<string, string>();
    for (const chain of chains.values())
      for (const permitNo of Object.keys(chain.state.residencePermits)) principals.set(permitNo, chain.subject);
    const familyOf = new Map<string, PersonChain[]>();
    for (const chain of chains.values()) {
      for (const link of chain.state.familyLinks) {
        const principal = principals.get(link.principalResidencePermitNo);
        if (principal) familyOf.set(principal, [...(familyOf.get(principal) ?? []), chain]);
      }
    }
    // Test wages cover Shanghai to 2024, so its long-standing residents can be found eligible; the
    // shipped table has no provincial wages yet, and the service answers "cannot decide" for them.
    const context = ruleContext('2026-12-04');
    const decisions = [...chains.values()].flatMap((chain) => evaluateChain(chain, context, familyOf.get(chain.subject) ?? []));
    const outcomes = (ruleId: string) => new Set(decisions.filter((d) => d.ruleId === ruleId).map((d) => d.outcome));
    const rules = RULE_BOOK;
    expect(outcomes(rules.workPermitEndedResidenceReview.id)).toEqual(new Set(['review-required', 'case-resolved']));
    expect(outcomes(rules.residenceBeyondWorkPermit.id)).toEqual(new Set(['inconsistency-detected']));
    expect(outcomes(rules.commitmentDeadline.id)).toEqual(new Set(['item-fulfilled', 'item-fulfilled-late', 'deadline-overdue']));
    expect(outcomes(rules.commitmentBreachRevocation.id)).toEqual(new Set(['commitment-breached', 'review-required']));
    expect(outcomes(rules.graduatePath.id)).toEqual(new Set(['verified', 'review-required']));
    expect(outcomes(rules.missingDocuments.id)).toEqual(new Set(['item-fulfilled', 'item-fulfilled-late', 'deadline-overdue']));
    expect(outcomes(rules.highLevelTalent.id)).toEqual(new Set(['simplified-procedures']));
    expect(outcomes(rules.salaryTaxPermanentResidence.id)).toEqual(new Set(['eligibility-determined', 'not-eligible', 'cannot-decide']));
    expect(outcomes(rules.creditSupervision.id)).toEqual(new Set(['flag-raised', 'flag-lifted']));
    expect(outcomes(rules.familyCascade.id)).toEqual(new Set(['review-required', 'case-resolved']));
    expect(demo.familyMembers).toBeGreaterThan(0);
  });
});
