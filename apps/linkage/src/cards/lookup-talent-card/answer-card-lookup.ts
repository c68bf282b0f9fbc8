import type { ChainState, TalentCardView, WorkPermitView } from '../../chain/person-chain.types.js';

export type CardStatus = 'valid' | 'suspended' | 'expired' | 'permit-ended';

/** Why a card is (not) valid on a day, in a stable code and in zh/en. */
export interface CardReason {
  readonly code: 'valid' | 'expired' | 'suspended' | 'work-permit-revoked' | 'work-permit-cancelled' | 'work-permit-expired';
  readonly zh: string;
  readonly en: string;
}

/** The answer to "is this card valid, which tier, which services" on day `asOf`. */
export interface CardLookupAnswer {
  readonly cardNo: string;
  readonly valid: boolean;
  readonly tier: string;
  /** The services the card gives while valid (none while it is not); empty for a card that carries its tier's standard services. */
  readonly services: readonly string[];
  /** The first of the reasons: expired, then suspended, then the work permit it rests on ended. */
  readonly status: CardStatus;
  readonly reasons: readonly CardReason[];
  readonly asOf: string;
}

/**
 * Answers a card look-up from the person's chain state (pure: the same chain and day give the same
 * answer). A card is valid on `asOf` when it is issued, not past its last day, not suspended that
 * day, and the work permit it names (if any) has not ended by then; the rules read validity the same
 * way (lookupTalentCard). Undefined when the chain knows the number only from a suspension, with no issue.
 */
export function answerCardLookup(
  state: Pick<ChainState, 'talentCards' | 'workPermits'>,
  cardNo: string,
  asOf: string,
): CardLookupAnswer | undefined {
  const card = state.talentCards[cardNo];
  if (!card || card.tier === 'unknown') return undefined;
  const permit = card.workPermitNo ? state.workPermits[card.workPermitNo] : undefined;
  const reasons = invalidity(card, permit, asOf);
  const valid = reasons.length === 0;
  return {
    cardNo,
    valid,
    tier: card.tier,
    services: valid ? card.services : [],
    status: valid ? 'valid' : statusOf(reasons[0]),
    reasons: valid ? [{ code: 'valid', en: `Valid to ${card.validTo}`, zh: `有效期至 ${card.validTo}` }] : reasons,
    asOf,
  };
}

function invalidity(card: TalentCardView, permit: WorkPermitView | undefined, asOf: string): CardReason[] {
  const reasons: CardReason[] = [];
  if (card.validTo < asOf) reasons.push({ code: 'expired', en: `Expired on ${card.validTo}`, zh: `已于 ${card.validTo} 过期` });
  if (card.suspendedOn && card.suspendedOn <= asOf && (!card.suspendedUntil || asOf < card.suspendedUntil)) {
    const until = card.suspendedUntil ? { en: ` until ${card.suspendedUntil}`, zh: `至 ${card.suspendedUntil}` } : { en: '', zh: '' };
    reasons.push({
      code: 'suspended',
      en: `Suspended from ${card.suspendedOn}${until.en}`,
      zh: `自 ${card.suspendedOn} 起暂停${until.zh}`,
    });
  }
  if (permit && permit.status !== 'valid' && permit.endedOn && permit.endedOn <= asOf) {
    const ended = { revoked: '撤销', cancelled: '注销', expired: '到期' }[permit.status];
    reasons.push({
      code: `work-permit-${permit.status}`,
      en: `Work permit ${permit.permitNo} ${permit.status} on ${permit.endedOn}`,
      zh: `所依据的工作许可 ${permit.permitNo} 已于 ${permit.endedOn} ${ended}`,
    });
  }
  return reasons;
}

function statusOf(reason: CardReason | undefined): CardStatus {
  if (reason?.code === 'expired' || reason?.code === 'suspended') return reason.code;
  return 'permit-ended';
}
