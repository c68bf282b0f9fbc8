import type { PersonChain, ResidencePermitView, WorkPermitView } from '../chain/person-chain.types.js';
import type { Decision } from './decision.types.js';
import { eventIds, openCase, provincialAgency, type RuleContext } from './rule-context.js';

const END_LABELS = {
  revoked: { en: 'revoked', zh: '撤销' },
  cancelled: { en: 'cancelled', zh: '注销' },
  expired: { en: 'expired', zh: '期满失效' },
} as const;

/**
 * Rule 1: a work permit that ended (revoked, cancelled, expired) or moved to another employer opens
 * a review of the work-type residence permit for public security, unless every linked residence
 * permit lapses by then anyway; the review is resolved once public security has acted, on or after
 * the trigger day, on each linked permit still valid after it. Separately, a valid
 * residence permit that outlasts its still-valid work permit is an inconsistency, dated from public
 * security's latest action on the residence permit.
 */
export function evaluateWorkPermitResidence(chain: PersonChain, context: RuleContext): Decision[] {
  const permits = Object.values(chain.state.workPermits);
  const residence = Object.values(chain.state.residencePermits);
  return [
    ...permits.flatMap((permit) => reviewOf(chain, permit, linkedResidence(residence, permit), context)),
    ...residence.flatMap((r) => inconsistencyOf(chain, r, chain.state.workPermits[r.workPermitNo ?? ''], context)),
  ];
}

function linkedResidence(residence: readonly ResidencePermitView[], permit: WorkPermitView): ResidencePermitView[] {
  return residence.filter((r) => r.workPermitNo === permit.permitNo);
}

/** A residence permit still valid after the trigger day, on which public security has not acted since. */
function needsReview(residence: ResidencePermitView, on: string): boolean {
  return residence.status === 'valid' && (residence.validTo ?? '9999-12-31') > on && (residence.lastActionOn ?? '') < on;
}

function trigger(permit: WorkPermitView): { on: string; en: string; zh: string } | undefined {
  if (permit.status !== 'valid' && permit.endedOn) return { on: permit.endedOn, ...END_LABELS[permit.status] };
  if (permit.employerChange) return { on: permit.employerChange.effectiveOn, en: 'changed to another employer', zh: '变更用人单位' };
  return undefined;
}

function reviewOf(chain: PersonChain, permit: WorkPermitView, residence: ResidencePermitView[], context: RuleContext): Decision[] {
  const rule = context.rules.workPermitEndedResidenceReview;
  const cause = trigger(permit);
  if (!cause) return [];
  const pending = residence.filter((r) => needsReview(r, cause.on));
  const actedOn = residence.filter((r) => (r.lastActionOn ?? '') >= cause.on);
  // Residence that lapses no later than the work permit needs nothing; with none known, ask anyway.
  if (residence.length > 0 && pending.length === 0 && actedOn.length === 0) return [];
  const resolved = residence.length > 0 && pending.length === 0;
  const base = {
    key: `${rule.id}:${chain.subject}:${permit.permitNo}`,
    ruleId: rule.id,
    ruleVersion: rule.version,
    subject: chain.subject,
    inputEventIds: eventIds(permit.eventIds, ...residence.map((r) => r.eventIds)),
    thresholds: { dueInWorkingDays: rule.dueInWorkingDays },
    notify: [],
  };
  const permits = (resolved ? actedOn : pending).map((r) => r.permitNo).join(', ') || '(none known to the hub)';
  if (resolved) {
    return [
      {
        ...base,
        outcome: 'case-resolved',
        explanation: {
          en: `Work permit ${permit.permitNo} ${cause.en} on ${cause.on}; public security acted on residence permit(s) ${permits} on or after that day.`,
          zh: `工作许可 ${permit.permitNo} 于 ${cause.on} ${cause.zh}；公安机关已于当日或之后处理居留证件 ${permits}。`,
        },
        cases: [],
      },
    ];
  }
  const review = openCase(context, {
    agency: provincialAgency('psb', residence[0]?.region ?? permit.region),
    kind: 'residence-review',
    label: rule.label,
    openedOn: cause.on,
    dueInWorkingDays: rule.dueInWorkingDays,
  });
  return [
    {
      ...base,
      outcome: 'review-required',
      explanation: {
        en: `Work permit ${permit.permitNo} ${cause.en} on ${cause.on}; public security to review work-type residence permit(s) ${permits} (shorten, cancel, or keep with a reason).`,
        zh: `工作许可 ${permit.permitNo} 于 ${cause.on} ${cause.zh}；请公安机关复核工作类居留许可 ${permits}（缩短、注销或说明理由后保留）。`,
      },
      cases: [review],
    },
  ];
}

function inconsistencyOf(
  chain: PersonChain,
  residence: ResidencePermitView,
  permit: WorkPermitView | undefined,
  context: RuleContext,
): Decision[] {
  const rule = context.rules.residenceBeyondWorkPermit;
  // An ended or moved work permit is the review's business; this catches a permit that is still valid.
  if (!permit || trigger(permit) || residence.status !== 'valid' || !residence.validTo) return [];
  const workEnds = permit.validTo;
  if (!workEnds || residence.validTo <= workEnds) return [];
  return [
    {
      key: `${rule.id}:${chain.subject}:${residence.permitNo}`,
      ruleId: rule.id,
      ruleVersion: rule.version,
      subject: chain.subject,
      outcome: 'inconsistency-detected',
      explanation: {
        en: `Residence permit ${residence.permitNo} is valid to ${residence.validTo}, beyond ${workEnds}, when its work permit ${permit.permitNo} ends.`,
        zh: `居留证件 ${residence.permitNo} 有效期至 ${residence.validTo}，超出其所依据的工作许可 ${permit.permitNo} 的终止日 ${workEnds}。`,
      },
      inputEventIds: eventIds(residence.eventIds, permit.eventIds),
      thresholds: { residenceValidTo: residence.validTo, workPermitEndsOn: workEnds, dueInWorkingDays: rule.dueInWorkingDays },
      cases: [
        openCase(context, {
          agency: provincialAgency('psb', residence.region),
          kind: 'residence-inconsistency',
          label: rule.label,
          openedOn: residence.lastActionOn ?? context.asOf,
          dueInWorkingDays: rule.dueInWorkingDays,
        }),
      ],
      notify: [],
    },
  ];
}
