import type { PersonChain } from '../chain/person-chain.types.js';
import type { CaseToOpen, Decision, Finding } from './decision.types.js';
import { eventIds, openCase, provinceOf, provincialAgency, yuan, type RuleContext } from './rule-context.js';
import { firstUncoveredDay, taxYears, type TaxYear } from './salary-tax-years.js';

/**
 * Rule 5: for the latest N consecutive tax years, salary ≥ k × the province's average urban wage of
 * the year before, income tax ≥ r % of salary, a valid work permit all year, and at least the rule
 * book's days in China (residence-permit.annual-stay-reported; a year without a report cannot be
 * decided, naming the year, and opens a case for public security). All pass: eligible
 * (public security and the bureau are told). Any test fails: not eligible, naming the year, the test
 * and the shortfall. Otherwise, a missing reference wage: cannot decide, with a case, never a guess.
 */
export function evaluateSalaryTaxPermanentResidence(chain: PersonChain, context: RuleContext): Decision[] {
  const rule = context.rules.salaryTaxPermanentResidence;
  const years = taxYears(Object.values(chain.state.taxReports));
  if (years.size === 0) return [];
  const latest = Math.max(...years.keys());
  const window = Array.from({ length: rule.consecutiveYears }, (_, i) => latest - rule.consecutiveYears + 1 + i);
  const permits = Object.values(chain.state.workPermits);
  const stays = chain.state.annualStays;
  const findings = window.flatMap((year) => [...yearFindings(year, years.get(year), permits, context), stayFinding(year, stays, context)]);
  const region = years.get(latest)?.region ?? '';
  const outcome = findings.some((f) => f.passed === false)
    ? 'not-eligible'
    : findings.some((f) => f.passed === 'cannot-decide')
      ? 'cannot-decide'
      : 'eligibility-determined';
  return [
    {
      key: `${rule.id}:${chain.subject}`,
      ruleId: rule.id,
      ruleVersion: rule.version,
      subject: chain.subject,
      outcome,
      explanation: explain(outcome, window, findings),
      inputEventIds: eventIds(
        ...window.map((y) => years.get(y)?.eventIds),
        ...window.map((y) => stays[String(y)]?.eventId),
        ...permits.map((p) => p.eventIds),
      ),
      thresholds: {
        consecutiveYears: rule.consecutiveYears,
        salaryMultiple: rule.salaryMultiple,
        minTaxPercent: rule.minTaxPercent,
        minDaysInChinaPerYear: rule.minDaysInChinaPerYear,
        averageWages: `${context.wages.id}@${context.wages.version}`,
      },
      findings,
      cases: outcome === 'cannot-decide' ? missingDataCases(findings, region, years.get(latest)?.reportedOn ?? context.asOf, context) : [],
      notify: outcome === 'eligibility-determined' ? [provincialAgency('psb', region), provincialAgency('bureau', region)] : [],
    },
  ];
}

/** One case per kind of missing data, for public security: a reference wage, or a year's days in China. */
function missingDataCases(findings: readonly Finding[], region: string, openedOn: string, context: RuleContext): CaseToOpen[] {
  const rule = context.rules.salaryTaxPermanentResidence;
  const undecided = (test: string): boolean => findings.some((f) => f.test === test && f.passed === 'cannot-decide');
  const missing = [
    ...(undecided('salary-multiple-of-average-wage')
      ? [{ kind: 'reference-data-missing', en: 'reference wage missing', zh: '缺少平均工资参考数据' }]
      : []),
    ...(undecided('days-in-china') ? [{ kind: 'stay-report-missing', en: 'days in China not reported', zh: '缺少年度在华居留天数' }] : []),
  ];
  return missing.map((what) =>
    openCase(context, {
      agency: provincialAgency('psb', region),
      kind: what.kind,
      label: { en: `${rule.label.en}: ${what.en}`, zh: `${rule.label.zh}：${what.zh}` },
      openedOn,
      dueInWorkingDays: rule.dueInWorkingDays,
    }),
  );
}

/** The year's days in China against the rule book's minimum; a year with no report cannot be decided. */
function stayFinding(year: number, stays: PersonChain['state']['annualStays'], context: RuleContext): Finding {
  const minimum = context.rules.salaryTaxPermanentResidence.minDaysInChinaPerYear;
  const stay = stays[String(year)];
  const about = String(year);
  if (!stay) {
    return {
      about,
      test: 'days-in-china',
      passed: 'cannot-decide',
      required: String(minimum),
      explanation: {
        en: `Cannot decide ${year}: public security has reported no days in China for ${year} (residence-permit.annual-stay-reported).`,
        zh: `无法判定 ${year} 年：公安机关未报告该人 ${year} 年在华居留天数（residence-permit.annual-stay-reported）。`,
      },
    };
  }
  const passed = stay.daysInChina >= minimum;
  return {
    about,
    test: 'days-in-china',
    passed,
    measured: String(stay.daysInChina),
    required: String(minimum),
    ...(passed ? {} : { shortfall: String(minimum - stay.daysInChina) }),
    explanation: passed
      ? {
          en: `${year}: ${stay.daysInChina} days in China, at least ${minimum}: met.`,
          zh: `${year} 年：在华 ${stay.daysInChina} 天，不少于 ${minimum} 天：符合。`,
        }
      : {
          en: `${year}: ${stay.daysInChina} days in China against at least ${minimum}: short by ${minimum - stay.daysInChina} days.`,
          zh: `${year} 年：在华 ${stay.daysInChina} 天，要求不少于 ${minimum} 天：相差 ${minimum - stay.daysInChina} 天。`,
        },
  };
}

function yearFindings(
  year: number,
  taxYear: TaxYear | undefined,
  permits: PersonChain['state']['workPermits'][string][],
  context: RuleContext,
): Finding[] {
  const about = String(year);
  if (!taxYear) {
    return [
      { about, test: 'tax-reported', passed: false, explanation: { en: `No tax report for ${year}.`, zh: `${year} 年无纳税报告。` } },
    ];
  }
  const uncovered = firstUncoveredDay(year, permits);
  const permitFinding: Finding = {
    about,
    test: 'work-permit-valid-all-year',
    passed: uncovered === undefined,
    ...(uncovered ? { measured: `uncovered from ${uncovered}` } : {}),
    explanation: uncovered
      ? { en: `No valid work permit on ${uncovered} (${year}).`, zh: `${uncovered}（${year} 年）无有效工作许可。` }
      : { en: `A valid work permit throughout ${year}.`, zh: `${year} 年全年持有有效工作许可。` },
  };
  return [...incomeFindings(taxYear, context), permitFinding];
}

function incomeFindings(taxYear: TaxYear, context: RuleContext): Finding[] {
  const { salaryMultiple, minTaxPercent } = context.rules.salaryTaxPermanentResidence;
  const about = String(taxYear.year);
  const province = provinceOf(taxYear.region);
  const wage = context.wages.provinces[province]?.[taxYear.year - 1];
  const requiredTaxFen = Math.ceil((taxYear.salaryFen * minTaxPercent) / 100);
  const taxFinding = compare(about, 'tax-share-of-salary', taxYear.taxFen, requiredTaxFen, {
    en: `income tax ${yuan(taxYear.taxFen)} against ${minTaxPercent} % of salary ${yuan(requiredTaxFen)}`,
    zh: `个人所得税 ${yuan(taxYear.taxFen)} 元，要求不低于工资 ${minTaxPercent}%（${yuan(requiredTaxFen)} 元）`,
  });
  if (!wage) {
    const missing: Finding = {
      about,
      test: 'salary-multiple-of-average-wage',
      passed: 'cannot-decide',
      measured: yuan(taxYear.salaryFen),
      explanation: {
        en: `Cannot decide ${taxYear.year}: no average wage of ${province} for ${taxYear.year - 1} in ${context.wages.id}@${context.wages.version}; add it with its source.`,
        zh: `无法判定 ${taxYear.year} 年：参考数据 ${context.wages.id}@${context.wages.version} 缺少 ${province} ${taxYear.year - 1} 年平均工资，请补充并注明来源。`,
      },
    };
    return [missing, taxFinding];
  }
  const requiredSalaryFen = wage.yuan * 100 * salaryMultiple;
  return [
    compare(about, 'salary-multiple-of-average-wage', taxYear.salaryFen, requiredSalaryFen, {
      en: `salary ${yuan(taxYear.salaryFen)} against ${salaryMultiple} × ${wage.yuan} (${province} average wage ${taxYear.year - 1}) = ${yuan(requiredSalaryFen)}`,
      zh: `工资 ${yuan(taxYear.salaryFen)} 元，要求不低于 ${province} ${taxYear.year - 1} 年平均工资 ${wage.yuan} 元的 ${salaryMultiple} 倍（${yuan(requiredSalaryFen)} 元）`,
    }),
    taxFinding,
  ];
}

function compare(about: string, test: string, measuredFen: number, requiredFen: number, what: { en: string; zh: string }): Finding {
  const passed = measuredFen >= requiredFen;
  const shortfall = passed ? {} : { shortfall: yuan(requiredFen - measuredFen) };
  return {
    about,
    test,
    passed,
    measured: yuan(measuredFen),
    required: yuan(requiredFen),
    ...shortfall,
    explanation: passed
      ? { en: `${about}: ${what.en}: met.`, zh: `${about} 年：${what.zh}：符合。` }
      : {
          en: `${about}: ${what.en}: short by ${yuan(requiredFen - measuredFen)}.`,
          zh: `${about} 年：${what.zh}：相差 ${yuan(requiredFen - measuredFen)} 元。`,
        },
  };
}

function explain(outcome: string, window: readonly number[], findings: readonly Finding[]): { en: string; zh: string } {
  const span = `${window[0]}–${window[window.length - 1]}`;
  if (outcome === 'eligibility-determined') {
    return {
      en: `Every test met in each year ${span}: eligible for permanent residence.`,
      zh: `${span} 年各项条件均符合：具备永久居留申请资格。`,
    };
  }
  const open = findings.filter((f) => f.passed !== true);
  return {
    en: `${outcome === 'not-eligible' ? 'Not eligible' : 'Cannot decide'} for ${span}: ${open.map((f) => f.explanation.en).join(' ')}`,
    zh: `${span} 年${outcome === 'not-eligible' ? '不符合条件' : '无法判定'}：${open.map((f) => f.explanation.zh).join('')}`,
  };
}
