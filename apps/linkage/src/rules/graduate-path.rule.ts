import type { ApplicationView, DegreeView, PersonChain } from '../chain/person-chain.types.js';
import type { Decision } from './decision.types.js';
import { eventIds, openCase, provincialAgency, type RuleContext } from './rule-context.js';

/**
 * Rule 4: an application on the graduate path is matched to a degree of the same person: a
 * qualifying level (master's or above), conferred by a Chinese university (every
 * education.degree-conferred is) within the window before submission. A match verifies it; no match
 * opens a case for the bureau to check with the education authority. Founders are judged by their own
 * rule below. Applications whose submission states no path are not judged here:
 * work-permit.application-submitted v1 has no path field.
 */
export function evaluateGraduatePath(chain: PersonChain, context: RuleContext): Decision[] {
  const applications = Object.values(chain.state.applications).filter((a) => a.submittedOn);
  return [
    ...applications.filter((a) => a.path === 'graduate').map((application) => decide(chain, application, context)),
    ...applications.filter((a) => a.path === 'founder').flatMap((application) => decideFounder(chain, application, context)),
  ];
}

/**
 * A founder (a foreign graduate who registered a company) applies with a Chinese university's diploma
 * of any level conferred before the application, and the company's registration papers. The papers
 * are known once the application is accepted: with the application (not listed as missing or
 * committed), or supplied later. While they are outstanding nothing is decided here (rules 2 and 3
 * track them and open their cases when overdue); a founder with no diploma gets the bureau's case.
 */
function decideFounder(chain: PersonChain, application: ApplicationView, context: RuleContext): Decision[] {
  const rule = context.rules.founderPath;
  const submittedOn = application.submittedOn ?? '';
  const diploma = Object.values(chain.state.degrees)
    .filter((d) => (rule.qualifyingLevels as readonly string[]).includes(d.level) && d.conferredOn <= submittedOn)
    .sort((a, b) => b.conferredOn.localeCompare(a.conferredOn) || a.certificateNo.localeCompare(b.certificateNo))[0];
  const papers = registrationPapers(application, rule.registrationDocument);
  const base = {
    key: `${rule.id}:${chain.subject}:${application.applicationNo}`,
    ruleId: rule.id,
    ruleVersion: rule.version,
    subject: chain.subject,
    inputEventIds: eventIds(application.submittedEventId, application.acceptedEventId, diploma?.eventId, papers.eventId),
    thresholds: {
      qualifyingLevels: rule.qualifyingLevels.join(','),
      registrationDocument: rule.registrationDocument,
      conferredBy: submittedOn,
    },
    notify: [],
  };
  if (!diploma) {
    return [
      {
        ...base,
        outcome: 'review-required',
        explanation: {
          en: `No diploma of a Chinese university conferred by ${submittedOn} is known for founder application ${application.applicationNo}; the bureau is to check with the education authority.`,
          zh: `创业申请 ${application.applicationNo} 未匹配到 ${submittedOn} 前授予的国内高校学历学位；请外国专家主管部门向教育主管部门核实。`,
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
      },
    ];
  }
  if (papers.state === 'unknown' || papers.state === 'outstanding') return [];
  const how =
    papers.state === 'with-application'
      ? { en: 'with the application', zh: '随申请提交' }
      : { en: `supplied on ${papers.suppliedOn}`, zh: `已于 ${papers.suppliedOn} 补正` };
  return [
    {
      ...base,
      outcome: 'verified',
      explanation: {
        en: `Diploma ${diploma.certificateNo} (${diploma.level}, university ${diploma.universityCode}) conferred on ${diploma.conferredOn}; company registration papers ${how.en}.`,
        zh: `学历学位证书 ${diploma.certificateNo}（${diploma.level}，院校代码 ${diploma.universityCode}）于 ${diploma.conferredOn} 授予；企业注册证明${how.zh}。`,
      },
      cases: [],
    },
  ];
}

/** Where the application's registration papers stand: only an accepted application says what was missing. */
function registrationPapers(
  application: ApplicationView,
  kind: string,
): { state: 'unknown' | 'outstanding' | 'with-application' | 'supplied'; suppliedOn?: string; eventId?: string } {
  if (!application.acceptedOn) return { state: 'unknown' };
  const item = [...application.missingDocuments, ...application.commitments].find((i) => i.kind === kind);
  if (!item) return { state: 'with-application' };
  return item.suppliedOn ? { state: 'supplied', suppliedOn: item.suppliedOn, eventId: item.suppliedEventId } : { state: 'outstanding' };
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
