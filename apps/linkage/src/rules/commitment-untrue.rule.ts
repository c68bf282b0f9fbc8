import type { ApplicationView, CommitmentItem, CommitmentVerification, PersonChain } from '../chain/person-chain.types.js';
import type { Decision } from './decision.types.js';
import { eventIds, openCase, provincialAgency, type RuleContext } from './rule-context.js';

/**
 * Rule 2, a commitment the bureau verified and found untrue (work-permit.commitment-verified with
 * result untrue): a breach. The breach decision (outcome commitment-breached) opens a revocation
 * review for the bureau and tells credit supervision, which the service does by publishing
 * credit.commitment-breached; its key is the one a breach recorded by credit supervision has, so that
 * record coming back changes neither the key nor the inputs. The deadline item is settled too: had it
 * been overdue before the verification, its case is resolved; a document supplied still counts.
 */
export function untrueCommitmentDecisions(
  chain: PersonChain,
  application: ApplicationView,
  item: CommitmentItem,
  verification: CommitmentVerification,
  context: RuleContext,
): Decision[] {
  return [...settledDeadline(chain, application, item, verification, context), breach(chain, application, item, verification, context)];
}

function settledDeadline(
  chain: PersonChain,
  application: ApplicationView,
  item: CommitmentItem,
  verification: CommitmentVerification,
  context: RuleContext,
): Decision[] {
  if (item.suppliedOn !== undefined || verification.verifiedOn <= item.verifyBy) return [];
  const rule = context.rules.commitmentDeadline;
  return [
    {
      key: `${rule.id}:${chain.subject}:${item.commitmentNo}`,
      ruleId: rule.id,
      ruleVersion: rule.version,
      subject: chain.subject,
      outcome: 'case-resolved',
      explanation: {
        en: `Commitment ${item.commitmentNo} (${item.kind}), due for verification by ${item.verifyBy}, was verified on ${verification.verifiedOn} and found untrue; it is handled as a breach (${context.rules.commitmentBreachRevocation.id}).`,
        zh: `承诺 ${item.commitmentNo}（${item.kind}）应于 ${item.verifyBy} 前核查，已于 ${verification.verifiedOn} 核查并认定不实；按违反承诺处理（${context.rules.commitmentBreachRevocation.id}）。`,
      },
      inputEventIds: eventIds(application.acceptedEventId, verification.eventId),
      thresholds: { dueDate: item.verifyBy, dueInWorkingDays: rule.dueInWorkingDays },
      cases: [],
      notify: [],
    },
  ];
}

function breach(
  chain: PersonChain,
  application: ApplicationView,
  item: CommitmentItem,
  verification: CommitmentVerification,
  context: RuleContext,
): Decision {
  const rule = context.rules.commitmentBreachRevocation;
  const permits = Object.values(chain.state.workPermits).filter((p) => p.status === 'valid');
  const numbers = permits.map((p) => p.permitNo);
  return {
    key: `${rule.id}:${chain.subject}:${item.commitmentNo}`,
    ruleId: rule.id,
    ruleVersion: rule.version,
    subject: chain.subject,
    outcome: 'commitment-breached',
    explanation: {
      en: `The bureau verified commitment ${item.commitmentNo} (${item.kind}) of application ${application.applicationNo} on ${verification.verifiedOn} and found it untrue; the bureau is to review revoking work permit(s) ${numbers.join(', ') || '(none valid)'}, and credit supervision is told of the breach.`,
      zh: `外国专家主管部门于 ${verification.verifiedOn} 核查申请 ${application.applicationNo} 的承诺 ${item.commitmentNo}（${item.kind}），认定不实；请复核是否撤销工作许可 ${numbers.join('、') || '（无有效许可）'}，并告知信用监管部门。`,
    },
    inputEventIds: eventIds(application.acceptedEventId, verification.eventId, ...permits.map((p) => p.eventIds)),
    thresholds: { verifyBy: item.verifyBy, dueInWorkingDays: rule.dueInWorkingDays },
    cases: [
      openCase(context, {
        agency: provincialAgency('bureau', application.region),
        kind: 'revocation-review',
        label: rule.label,
        openedOn: verification.verifiedOn,
        dueInWorkingDays: rule.dueInWorkingDays,
      }),
    ],
    notify: ['credit'],
  };
}
