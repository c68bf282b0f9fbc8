import type { ApplicationView, CommitmentItem, MissingDocumentItem, PersonChain } from '../chain/person-chain.types.js';
import { untrueCommitmentDecisions } from './commitment-untrue.rule.js';
import type { Decision } from './decision.types.js';
import { eventIds, openCase, provincialAgency, type RuleContext } from './rule-context.js';

/**
 * Rules 2 and 3: each commitment (告知承诺) and each missing document (容缺受理) of an accepted
 * application is an item with a due date. Supplied (or, for a commitment, verified as fulfilled) by
 * then: fulfilled. Later: fulfilled late. Neither and the due date past: overdue, a case for the
 * bureau. A breach recorded by credit supervision opens a review of revoking the work permit; a
 * commitment the bureau found untrue is decided in commitment-untrue.rule.ts. An item still within
 * its time decides nothing yet.
 */
export function evaluateApplicationItems(chain: PersonChain, context: RuleContext): Decision[] {
  return Object.values(chain.state.applications)
    .filter((application) => application.acceptedEventId)
    .flatMap((application) => [
      ...application.missingDocuments.flatMap((item) => missingDocumentDecision(chain, application, item, context)),
      ...application.commitments.flatMap((item) => commitmentDecisions(chain, application, item, context)),
    ]);
}

function missingDocumentDecision(
  chain: PersonChain,
  application: ApplicationView,
  item: MissingDocumentItem,
  context: RuleContext,
): Decision[] {
  const rule = context.rules.missingDocuments;
  const about = `document ${item.kind} of application ${application.applicationNo}`;
  const aboutZh = `申请 ${application.applicationNo} 的容缺材料 ${item.kind}`;
  return itemDecision(chain, application, context, {
    rule,
    key: `${rule.id}:${chain.subject}:${application.applicationNo}:${item.kind}`,
    dueDate: item.dueDate,
    suppliedOn: item.suppliedOn,
    suppliedEventId: item.suppliedEventId,
    about: { en: about, zh: aboutZh },
    caseKind: 'missing-document-overdue',
  });
}

function commitmentDecisions(chain: PersonChain, application: ApplicationView, item: CommitmentItem, context: RuleContext): Decision[] {
  if (item.verification?.result === 'untrue') return untrueCommitmentDecisions(chain, application, item, item.verification, context);
  const rule = context.rules.commitmentDeadline;
  const deadline = itemDecision(chain, application, context, {
    rule,
    key: `${rule.id}:${chain.subject}:${item.commitmentNo}`,
    dueDate: item.verifyBy,
    suppliedOn: item.suppliedOn,
    suppliedEventId: item.suppliedEventId,
    about: { en: `commitment ${item.commitmentNo} (${item.kind})`, zh: `承诺 ${item.commitmentNo}（${item.kind}）` },
    caseKind: 'commitment-overdue',
  });
  return item.breachEventId ? [...deadline, breachDecision(chain, application, item, item.breachEventId, context)] : deadline;
}

interface ItemSpec {
  readonly rule: {
    readonly id: string;
    readonly version: number;
    readonly label: { en: string; zh: string };
    readonly dueInWorkingDays: number;
  };
  readonly key: string;
  readonly dueDate: string;
  readonly suppliedOn: string | undefined;
  readonly suppliedEventId: string | undefined;
  readonly about: { readonly en: string; readonly zh: string };
  readonly caseKind: string;
}

function itemDecision(chain: PersonChain, application: ApplicationView, context: RuleContext, spec: ItemSpec): Decision[] {
  const { rule, about, dueDate, suppliedOn } = spec;
  const base = {
    key: spec.key,
    ruleId: rule.id,
    ruleVersion: rule.version,
    subject: chain.subject,
    inputEventIds: eventIds(application.acceptedEventId, spec.suppliedEventId),
    thresholds: { dueDate, dueInWorkingDays: rule.dueInWorkingDays },
    notify: [],
  };
  if (suppliedOn !== undefined) {
    const late = suppliedOn > dueDate;
    return [
      {
        ...base,
        outcome: late ? 'item-fulfilled-late' : 'item-fulfilled',
        explanation: {
          en: `The ${about.en} was supplied on ${suppliedOn}${late ? `, after its due date ${dueDate}` : `, by its due date ${dueDate}`}.`,
          zh: `${about.zh}已于 ${suppliedOn} 提交${late ? `，晚于截止日 ${dueDate}` : `，未超过截止日 ${dueDate}`}。`,
        },
        cases: [],
      },
    ];
  }
  if (context.asOf <= dueDate) return [];
  const overdue = openCase(context, {
    agency: provincialAgency('bureau', application.region),
    kind: spec.caseKind,
    label: rule.label,
    openedOn: dueDate,
    dueInWorkingDays: rule.dueInWorkingDays,
  });
  return [
    {
      ...base,
      outcome: 'deadline-overdue',
      explanation: {
        en: `The ${about.en} was due on ${dueDate} and has not been supplied; the bureau is to follow it up.`,
        zh: `${about.zh}应于 ${dueDate} 前提交，至今未提交；请外国专家主管部门跟进核查。`,
      },
      cases: [overdue],
    },
  ];
}

function breachDecision(
  chain: PersonChain,
  application: ApplicationView,
  item: CommitmentItem,
  breachEventId: string,
  context: RuleContext,
): Decision {
  const rule = context.rules.commitmentBreachRevocation;
  const permits = Object.values(chain.state.workPermits).filter((p) => p.status === 'valid');
  const record = Object.values(chain.state.creditRecords).find((r) => r.eventIds.includes(breachEventId));
  return {
    key: `${rule.id}:${chain.subject}:${item.commitmentNo}`,
    ruleId: rule.id,
    ruleVersion: rule.version,
    subject: chain.subject,
    outcome: 'review-required',
    explanation: {
      en: `Commitment ${item.commitmentNo} of application ${application.applicationNo} was found breached; the bureau is to review revoking work permit(s) ${permits.map((p) => p.permitNo).join(', ') || '(none valid)'}.`,
      zh: `申请 ${application.applicationNo} 的承诺 ${item.commitmentNo} 经认定违反；请外国专家主管部门复核是否撤销工作许可 ${permits.map((p) => p.permitNo).join('、') || '（无有效许可）'}。`,
    },
    inputEventIds: eventIds(application.acceptedEventId, breachEventId, ...permits.map((p) => p.eventIds)),
    thresholds: { verifyBy: item.verifyBy, dueInWorkingDays: rule.dueInWorkingDays },
    cases: [
      openCase(context, {
        agency: provincialAgency('bureau', application.region),
        kind: 'revocation-review',
        label: rule.label,
        openedOn: record?.recordedOn ?? item.verifyBy,
        dueInWorkingDays: rule.dueInWorkingDays,
      }),
    ],
    notify: [],
  };
}
