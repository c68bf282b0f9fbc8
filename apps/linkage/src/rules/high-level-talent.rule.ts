import type { PersonChain, TalentCardView } from '../chain/person-chain.types.js';
import type { Decision } from './decision.types.js';
import { eventIds, provincialAgency, type RuleContext } from './rule-context.js';

/** The answer to "is this card valid, which tier, which services" for any agency. */
export interface TalentCardAnswer {
  readonly cardNo: string;
  readonly valid: boolean;
  readonly tier?: string;
  readonly services: readonly string[];
  readonly reason: { readonly en: string; readonly zh: string };
  readonly eventIds: readonly string[];
}

/**
 * Rule 6: a valid class A work permit or a valid talent card marks the person for the simplified
 * procedures (R visa at foreign affairs, residence at public security).
 */
export function evaluateHighLevelTalent(chain: PersonChain, context: RuleContext): Decision[] {
  const rule = context.rules.highLevelTalent;
  const classA = Object.values(chain.state.workPermits).filter(
    (p) => p.status === 'valid' && p.permitClass === 'A' && (p.validTo ?? '') >= context.asOf,
  );
  const cards = Object.values(chain.state.talentCards).filter((c) => lookupTalentCard(chain, c.cardNo, context.asOf).valid);
  if (classA.length === 0 && cards.length === 0) return [];
  const region = classA[0]?.region ?? cards[0]?.region ?? '';
  const grounds = [
    ...classA.map((p) => `class A work permit ${p.permitNo}`),
    ...cards.map((c) => `talent card ${c.cardNo} (tier ${c.tier})`),
  ];
  const groundsZh = [...classA.map((p) => `A类工作许可 ${p.permitNo}`), ...cards.map((c) => `人才服务卡 ${c.cardNo}（${c.tier}档）`)];
  return [
    {
      key: `${rule.id}:${chain.subject}`,
      ruleId: rule.id,
      ruleVersion: rule.version,
      subject: chain.subject,
      outcome: 'simplified-procedures',
      explanation: {
        en: `Simplified procedures on the strength of ${grounds.join(', ')}.`,
        zh: `依据${groundsZh.join('、')}适用简化办理程序。`,
      },
      inputEventIds: eventIds(...classA.map((p) => p.eventIds), ...cards.map((c) => c.eventIds)),
      thresholds: { asOf: context.asOf },
      cases: [],
      notify: ['mfa', provincialAgency('psb', region)],
    },
  ];
}

/**
 * Whether a card is valid on a day: issued, not past its last day, not suspended then, and its work
 * permit (when it names one) not ended. A later event changes the answer at once, since the chain does.
 */
export function lookupTalentCard(chain: PersonChain, cardNo: string, on: string): TalentCardAnswer {
  const card = chain.state.talentCards[cardNo];
  if (!card || card.tier === 'unknown') {
    return {
      cardNo,
      valid: false,
      services: [],
      reason: { en: 'No such card issued', zh: '无此卡发放记录' },
      eventIds: card?.eventIds ?? [],
    };
  }
  const invalid = whyInvalid(chain, card, on);
  return {
    cardNo,
    valid: !invalid,
    tier: card.tier,
    services: invalid ? [] : card.services,
    reason: invalid ?? { en: `Valid to ${card.validTo}`, zh: `有效期至 ${card.validTo}` },
    eventIds: card.eventIds,
  };
}

function whyInvalid(chain: PersonChain, card: TalentCardView, on: string): { en: string; zh: string } | undefined {
  if (card.validTo < on) return { en: `Expired on ${card.validTo}`, zh: `已于 ${card.validTo} 过期` };
  if (card.suspendedOn && card.suspendedOn <= on && (!card.suspendedUntil || on < card.suspendedUntil)) {
    return { en: `Suspended from ${card.suspendedOn}`, zh: `自 ${card.suspendedOn} 起暂停` };
  }
  const permits = Object.values(chain.state.workPermits);
  const ended = permits.find((p) => p.status !== 'valid' && p.endedOn && p.endedOn <= on && p.permitNo === card.workPermitNo);
  if (ended)
    return {
      en: `Work permit ${ended.permitNo} ${ended.status} on ${ended.endedOn}`,
      zh: `工作许可 ${ended.permitNo} 已于 ${ended.endedOn} 终止`,
    };
  return undefined;
}
