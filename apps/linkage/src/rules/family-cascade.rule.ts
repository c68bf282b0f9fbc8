import type { FamilyLinkView, PersonChain, ResidencePermitView } from '../chain/person-chain.types.js';
import type { Decision } from './decision.types.js';
import { eventIds, openCase, provincialAgency, type RuleContext } from './rule-context.js';

/** Why a principal's residence ended or must be reviewed, with the events that say so. */
interface PrincipalEnd {
  readonly on: string;
  readonly why: { readonly en: string; readonly zh: string };
  readonly eventIds: readonly string[];
}

/**
 * Rule 8: when a principal's residence permit is cancelled, or the work permit it rests on ends,
 * each family member linked to that residence permit gets a residence review for public security;
 * public security acting on the member's permit on or after that day resolves it. Family members
 * are found by the principal's residence-permit number named in their link events.
 */
export function evaluateFamilyCascade(principal: PersonChain, family: readonly PersonChain[], context: RuleContext): Decision[] {
  return Object.values(principal.state.residencePermits).flatMap((permit) => {
    const end = principalEnd(principal, permit);
    if (!end) return [];
    return family.flatMap((member) =>
      member.state.familyLinks
        .filter((link) => link.principalResidencePermitNo === permit.permitNo)
        .map((link) => decide(principal, member, link, end, context)),
    );
  });
}

/** The earlier of the principal's residence cancellation and the end of the work permit it rests on. */
function principalEnd(principal: PersonChain, permit: ResidencePermitView): PrincipalEnd | undefined {
  const ends: PrincipalEnd[] = [];
  if (permit.status === 'cancelled' && permit.endedOn) {
    ends.push({
      on: permit.endedOn,
      why: { en: `residence permit ${permit.permitNo} cancelled`, zh: `居留证件 ${permit.permitNo} 注销` },
      eventIds: permit.eventIds,
    });
  }
  const work = principal.state.workPermits[permit.workPermitNo ?? ''];
  if (work && work.status !== 'valid' && work.endedOn) {
    ends.push({
      on: work.endedOn,
      why: { en: `work permit ${work.permitNo} ${work.status}`, zh: `工作许可 ${work.permitNo} 终止（${work.status}）` },
      eventIds: [...work.eventIds, ...permit.eventIds],
    });
  }
  return ends.sort((a, b) => a.on.localeCompare(b.on))[0];
}

function decide(principal: PersonChain, member: PersonChain, link: FamilyLinkView, end: PrincipalEnd, context: RuleContext): Decision {
  const rule = context.rules.familyCascade;
  const own = member.state.residencePermits[link.permitNo];
  const resolved = (own?.lastActionOn ?? '') >= end.on;
  const base = {
    key: `${rule.id}:${member.subject}:${link.permitNo}`,
    ruleId: rule.id,
    ruleVersion: rule.version,
    subject: member.subject,
    inputEventIds: eventIds(end.eventIds, link.eventId, own?.eventIds),
    thresholds: { principalEndedOn: end.on, relationship: link.relationship, dueInWorkingDays: rule.dueInWorkingDays },
    notify: [],
  };
  if (resolved) {
    return {
      ...base,
      outcome: 'case-resolved',
      explanation: {
        en: `The principal's ${end.why.en} on ${end.on}; public security acted on family residence permit ${link.permitNo} since.`,
        zh: `主申请人${end.why.zh}（${end.on}）；公安机关已处理家属居留证件 ${link.permitNo}。`,
      },
      cases: [],
    };
  }
  return {
    ...base,
    outcome: 'review-required',
    explanation: {
      en: `The principal's ${end.why.en} on ${end.on}; review residence permit ${link.permitNo} of the family member (${link.relationship}).`,
      zh: `主申请人${end.why.zh}（${end.on}）；请复核其家属（${link.relationship}）的居留证件 ${link.permitNo}。`,
    },
    cases: [
      openCase(context, {
        agency: provincialAgency('psb', link.region),
        kind: 'family-residence-review',
        label: rule.label,
        openedOn: end.on,
        dueInWorkingDays: rule.dueInWorkingDays,
      }),
    ],
  };
}
