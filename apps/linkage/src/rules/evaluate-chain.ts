import type { PersonChain } from '../chain/person-chain.types.js';
import { evaluateApplicationItems } from './application-items.rule.js';
import { evaluateCreditFlags } from './credit-flags.rule.js';
import type { Decision } from './decision.types.js';
import { evaluateFamilyCascade } from './family-cascade.rule.js';
import { evaluateGraduatePath } from './graduate-path.rule.js';
import { evaluateHighLevelTalent } from './high-level-talent.rule.js';
import type { RuleContext } from './rule-context.js';
import { evaluateSalaryTaxPermanentResidence } from './salary-tax-permanent-residence.rule.js';
import { evaluateWorkPermitResidence } from './work-permit-residence.rule.js';

/**
 * Every rule over one person's chain (and, for the family rule, the chains of the family members
 * linked to this person), in a stable order by decision key: the same events give the same decisions.
 */
export function evaluateChain(chain: PersonChain, context: RuleContext, family: readonly PersonChain[] = []): Decision[] {
  return [
    ...evaluateWorkPermitResidence(chain, context),
    ...evaluateApplicationItems(chain, context),
    ...evaluateGraduatePath(chain, context),
    ...evaluateHighLevelTalent(chain, context),
    ...evaluateSalaryTaxPermanentResidence(chain, context),
    ...evaluateCreditFlags(chain, context),
    ...evaluateFamilyCascade(chain, family, context),
  ].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
