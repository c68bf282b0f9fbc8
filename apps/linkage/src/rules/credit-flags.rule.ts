import type { CreditRecordView, PersonChain } from '../chain/person-chain.types.js';
import type { Decision } from './decision.types.js';
import { eventIds, openCase, provincialAgency, type RuleContext } from './rule-context.js';

/**
 * Rule 7: each credit record flags the chain with its severity (stated on the event, else the rule
 * book's severity for its kind); a serious one opens a review of the person's permits for the bureau
 * and public security (a breached commitment flags the chain only: rule 2's revocation review
 * covers its permit); a cleared record lifts the flag. A violation kind with no known severity
 * cannot be decided and opens a case for the credit agency to state one.
 */
export function evaluateCreditFlags(chain: PersonChain, context: RuleContext): Decision[] {
  return Object.values(chain.state.creditRecords).map((record) => decide(chain, record, context));
}

function decide(chain: PersonChain, record: CreditRecordView, context: RuleContext): Decision {
  const rule = context.rules.creditSupervision;
  const severity = record.severity ?? rule.severityByKind[record.kind];
  const base = {
    key: `${rule.id}:${chain.subject}:${record.recordNo}`,
    ruleId: rule.id,
    ruleVersion: rule.version,
    subject: chain.subject,
    inputEventIds: eventIds(record.eventIds),
    thresholds: { kind: record.kind, severity: severity ?? 'unknown', severitySource: record.severity ? 'event' : 'rule-book' },
    notify: [],
  };
  if (record.clearedOn) {
    return {
      ...base,
      outcome: 'flag-lifted',
      explanation: {
        en: `Credit record ${record.recordNo} was cleared on ${record.clearedOn}.`,
        zh: `信用记录 ${record.recordNo} 已于 ${record.clearedOn} 移除。`,
      },
      cases: [],
    };
  }
  if (!severity) {
    return {
      ...base,
      outcome: 'cannot-decide',
      explanation: {
        en: `Credit record ${record.recordNo} is of kind "${record.kind}", for which neither the event nor rule ${rule.id} v${rule.version} gives a severity.`,
        zh: `信用记录 ${record.recordNo} 的类型"${record.kind}"在事件和规则 ${rule.id} 第 ${rule.version} 版中均无严重程度。`,
      },
      cases: [reviewCase(context, 'credit', 'severity-missing', record)],
    };
  }
  // A breached commitment's permit is already under rule 2's revocation review; a second review here would duplicate it.
  const serious = (rule.reviewSeverities as readonly string[]).includes(severity) && record.recordType !== 'commitment-breach';
  return {
    ...base,
    outcome: 'flag-raised',
    explanation: {
      en: `Credit record ${record.recordNo} (${record.kind}, ${severity}) recorded on ${record.recordedOn}${serious ? '; the permits are to be reviewed' : ''}.`,
      zh: `信用记录 ${record.recordNo}（${record.kind}，${SEVERITY_ZH[severity] ?? severity}）于 ${record.recordedOn} 记录${serious ? '；请复核其许可证件' : ''}。`,
    },
    cases: serious
      ? [
          reviewCase(context, provincialAgency('bureau', record.region), 'permit-review', record),
          reviewCase(context, provincialAgency('psb', record.region), 'permit-review', record),
        ]
      : [],
  };
}

/** The Chinese labels of code list violation-severity. */
const SEVERITY_ZH: Readonly<Record<string, string>> = { minor: '一般', serious: '严重', grave: '特别严重' };

function reviewCase(context: RuleContext, agency: string, kind: string, record: CreditRecordView): ReturnType<typeof openCase> {
  const rule = context.rules.creditSupervision;
  return openCase(context, { agency, kind, label: rule.label, openedOn: record.recordedOn, dueInWorkingDays: rule.dueInWorkingDays });
}
