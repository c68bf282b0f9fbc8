import type { ApplicationView, DegreeView, PersonChain } from '../chain/person-chain.types.js';
import type { Decision } from './decision.types.js';
import { eventIds, openCase, provincialAgency, type RuleContext } from './rule-context.js';

/**
 * Rule 4: an application on the graduate path is matched to a degree of the same person: a
 * qualifying level (master's or above), conferred by a Chinese university (every
 * education.degree-conferred is) within the window before submission. A match verifies it; no match
 * opens a case for the bureau to check with the education authority. Applications whose submission
 * states no path are not judged here: work-permit.application-submitted v1 has no path field.
 */
export function evaluateGraduatePath(chain: PersonChain, context: RuleContext): Decision[] {
  return Object.values(chain.state.applications)
    .filter((a) => a.path === 'graduate' && a.submittedOn)
    .map((application) => decide(chain, application, context));
}

function decide(chain: PersonChain, application: ApplicationView, context: RuleContext): Decision {
  const rule = context.rules.graduatePath;
  const submittedOn = application.submittedOn ?? '';
  const earliest = monthsBefore(submittedOn, rule.windowMonths);
  const qualifying = (d: DegreeView): boolean =>
    (rule.qualifyingLevels as readonly string[]).includes(d.level) && d.conferredOn >= earliest && d.conferredOn <= submittedOn;
  const match = Object.values(chain.state.degrees)
    .filter(qualifying)
    .sort((a, b) => b.conferredOn.localeCompare(a.conferredOn) || a.certificateNo.localeCompare(b.certificateNo))[0];
  const base = {
    key: `${rule.id}:${chain.subject}:${application.applicationNo}`,
    ruleId: rule.id,
    ruleVersion: rule.version,
    subject: chain.subject,
    inputEventIds: eventIds(application.submittedEventId, match?.eventId),
    thresholds: { windowMonths: rule.windowMonths, qualifyingLevels: rule.qualifyingLevels.join(','), conferredFrom: earliest },
    notify: [],
  };
  if (match) {
    return {
      ...base,
      outcome: 'verified',
      explanation: {
        en: `Degree ${match.certificateNo} (${match.level}, university ${match.universityCode}) conferred on ${match.conferredOn}, within ${rule.windowMonths} months before the application of ${submittedOn}.`,
        zh: `学位证书 ${match.certificateNo}（${match.level}，院校代码 ${match.universityCode}）于 ${match.conferredOn} 授予，在 ${submittedOn} 申请前 ${rule.windowMonths} 个月内。`,
      },
      cases: [],
    };
  }
  return {
    ...base,
    outcome: 'review-required',
    explanation: {
      en: `No master's or higher degree conferred between ${earliest} and ${submittedOn} is known for application ${application.applicationNo}; the bureau is to check with the education authority.`,
      zh: `申请 ${application.applicationNo} 未匹配到 ${earliest} 至 ${submittedOn} 期间授予的硕士及以上学位；请外国专家主管部门向教育主管部门核实。`,
    },
    cases: [
      openCase(context, {
        agency: provincialAgency('bureau', application.region),
        kind: 'graduate-degree-check',
        label: rule.label,
        openedOn: submittedOn,
        dueInWorkingDays: rule.dueInWorkingDays,
      }),
    ],
  };
}

/** The same day `months` earlier (clamped to the month's last day: 2025-03-31 − 1 month → 2025-02-28). */
function monthsBefore(date: string, months: number): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const index = year * 12 + (month - 1) - months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}
