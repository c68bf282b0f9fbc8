import type { PersonChain } from '../chain/person-chain.types.js';
import type { Decision, Finding } from './decision.types.js';
import { eventIds, openCase, provinceOf, provincialAgency, yuan, type RuleContext } from './rule-context.js';
import { firstUncoveredDay, taxYears, type TaxYear } from './salary-tax-years.js';

/**
 * Rule 5: for the latest N consecutive tax years, salary ≥ k × the province's average urban wage of
 * the year before, income tax ≥ r % of salary, and a valid work permit all year. All pass: eligible
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
  const findings = window.flatMap((year) => yearFindings(year, years.get(year), permits, context));
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
      inputEventIds: eventIds(...window.map((y) => years.get(y)?.eventIds), ...permits.map((p) => p.eventIds)),
      thresholds: {
        consecutiveYears: rule.consecutiveYears,
        salaryMultiple: rule.salaryMultiple,
        minTaxPercent: rule.minTaxPercent,
        averageWages: `${context.wages.id}@${context.wages.version}`,
      },
      findings,
      cases:
        outcome === 'cannot-decide'
          ? [
              openCase(context, {
                agency: provincialAgency('psb', region),
                kind: 'reference-data-missing',
                label: { en: `${rule.label.en}: reference wage missing`, zh: `${rule.label.zh}：缺少平均工资参考数据` },
                openedOn: years.get(latest)?.reportedOn ?? context.asOf,
                dueInWorkingDays: rule.dueInWorkingDays,
              }),
            ]
          : [],
      notify: outcome === 'eligibility-determined' ? [provincialAgency('psb', region), provincialAgency('bureau', region)] : [],
    },
  ];
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
