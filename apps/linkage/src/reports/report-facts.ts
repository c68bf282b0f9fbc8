import type { ChainEvent, PersonChain } from '../chain/person-chain.types.js';
import { RULE_BOOK } from '../rules/rule-book.data.js';
import { provinceOf } from '../rules/rule-context.js';
import type { DecisionFacts, ReportFact } from './report-fact.types.js';
import { daysBetween, monthOf, shanghaiDate } from './shanghai-time.js';

type IssuedEvent = Extract<ChainEvent, { type: 'work-permit.issued' }>;

/** A work permit issued, on its Asia/Shanghai day. */
interface Issue {
  readonly event: IssuedEvent;
  readonly on: string;
}

/**
 * The facts the monthly reports count for one person: each work permit issued (with its class and
 * the days since the application it answers), each residence permit issued on a work permit (days
 * since that permit), eligibility for permanent residence (days since the first work permit), and
 * each commitment and missing document with its due and supply dates. Pure: the runtime calls it on
 * every chain update with the chain's current decisions and replaces the person's rows.
 */
export function reportFacts(chain: PersonChain, decisions: readonly DecisionFacts[] = []): ReportFact[] {
  const issues = chain.events
    .filter((event): event is IssuedEvent => event.type === 'work-permit.issued')
    .map((event) => ({ event, on: shanghaiDate(event.time) }));
  return [
    ...permitFacts(chain, issues),
    ...residenceFacts(chain, issues),
    ...eligibilityFacts(chain, issues, decisions),
    ...itemFacts(chain),
  ];
}

/**
 * Each permit issued, paired with the latest application submitted on or before that day that no
 * earlier permit answered (the issued event names no application, so the chain's order decides).
 */
function permitFacts(chain: PersonChain, issues: readonly Issue[]): ReportFact[] {
  const open = Object.values(chain.state.applications)
    .filter((a) => a.submittedOn !== undefined)
    .sort((a, b) => (a.submittedOn ?? '').localeCompare(b.submittedOn ?? '') || a.applicationNo.localeCompare(b.applicationNo));
  return issues.map(({ event, on }) => {
    const index = open.findLastIndex((a) => (a.submittedOn ?? '') <= on);
    const [application] = index >= 0 ? open.splice(index, 1) : [];
    return {
      factKey: `permit-issued:${event.id}`,
      kind: 'permit-issued',
      province: provinceOf(event.region),
      month: monthOf(on),
      detail: event.data.permitClass,
      ...(application?.submittedOn ? { days: daysBetween(application.submittedOn, on) } : {}),
    };
  });
}

/** The first residence permit issued on each work permit whose issue the chain holds. */
function residenceFacts(chain: PersonChain, issues: readonly Issue[]): ReportFact[] {
  const firstIssue = new Map<string, string>();
  for (const { event, on } of issues) if (!firstIssue.has(event.data.permitNo)) firstIssue.set(event.data.permitNo, on);
  const counted = new Set<string>();
  const facts: ReportFact[] = [];
  for (const event of chain.events) {
    if (event.type !== 'residence-permit.issued' || !event.data.workPermitNo) continue;
    const permitIssuedOn = firstIssue.get(event.data.workPermitNo);
    if (permitIssuedOn === undefined || counted.has(event.data.workPermitNo)) continue;
    counted.add(event.data.workPermitNo);
    facts.push({
      factKey: `residence-issued:${event.id}`,
      kind: 'residence-issued',
      province: provinceOf(event.region),
      month: monthOf(event.data.issuedOn),
      days: daysBetween(permitIssuedOn, event.data.issuedOn),
    });
  }
  return facts;
}

/**
 * Eligibility for permanent residence (rule 5's eligibility-determined), dated like the decision
 * itself: the Asia/Shanghai day of its latest input event, counted from the first work permit issued.
 */
function eligibilityFacts(chain: PersonChain, issues: readonly Issue[], decisions: readonly DecisionFacts[]): ReportFact[] {
  const rule = RULE_BOOK.salaryTaxPermanentResidence.id;
  const decision = decisions.find((d) => d.ruleId === rule && d.outcome === 'eligibility-determined');
  if (!decision) return [];
  const inputs = new Set(decision.inputEventIds);
  const latest = chain.events.filter((event) => inputs.has(event.id)).at(-1);
  if (!latest) return [];
  const on = shanghaiDate(latest.time);
  const first = issues.map((issue) => issue.on).sort()[0];
  return [
    {
      factKey: 'pr-eligible',
      kind: 'pr-eligible',
      province: provinceOf(latest.region),
      month: monthOf(on),
      ...(first !== undefined ? { days: daysBetween(first, on) } : {}),
    },
  ];
}

/** Each commitment (告知承诺) and missing document (容缺) of an accepted application. */
function itemFacts(chain: PersonChain): ReportFact[] {
  return Object.values(chain.state.applications)
    .filter((application) => application.acceptedEventId !== undefined)
    .flatMap((application) => {
      const province = provinceOf(application.region);
      const supplied = (on: string | undefined): { doneOn?: string } => (on !== undefined ? { doneOn: on } : {});
      return [
        ...application.commitments.map((item): ReportFact => ({
          factKey: `commitment:${application.applicationNo}:${item.commitmentNo}`,
          kind: 'commitment',
          province,
          month: monthOf(item.verifyBy),
          detail: item.kind,
          dueOn: item.verifyBy,
          ...supplied(item.suppliedOn),
          breached: item.breachEventId !== undefined || item.verification?.result === 'untrue',
        })),
        ...application.missingDocuments.map((item): ReportFact => ({
          factKey: `missing-document:${application.applicationNo}:${item.kind}`,
          kind: 'missing-document',
          province,
          month: monthOf(item.dueDate),
          detail: item.kind,
          dueOn: item.dueDate,
          ...supplied(item.suppliedOn),
        })),
      ];
    });
}
