import { describe, expect, it } from '@jest/globals';
import { buildChain } from '../chain/apply-event.js';
import { ALICE, employer, event, holder } from '../testing/chain-events.fixture.js';
import { ruleContext } from '../testing/rule-context.fixture.js';
import { evaluateSalaryTaxPermanentResidence } from './salary-tax-permanent-residence.rule.js';

const permit = event(
  'work-permit.issued',
  { permitNo: 'WP1', permitClass: 'A', holder, employer, position: 'Director', validFrom: '2020-06-01', validTo: '2026-05-31' },
  { id: 'wp', time: '2020-06-01T09:00:00+08:00' },
);
// Test wages for Shanghai: 2020 100 000, 2021 110 000, 2022 120 000, 2023 130 000, 2024 140 000.
const report = (year: number, salary: string, tax: string) =>
  event(
    'tax.annual-income-reported',
    {
      reportNo: `T${year}`,
      holder,
      taxYear: year,
      employer,
      annualSalary: salary,
      individualIncomeTaxPaid: tax,
      reportedOn: `${year + 1}-05-20`,
    },
    { id: `tax-${year}`, time: `${year + 1}-05-20T09:00:00+08:00` },
  );
// Days in China per year, from public security's exit-entry records.
const stay = (year: number, daysInChina: number) =>
  event(
    'residence-permit.annual-stay-reported',
    { holder, year, daysInChina, reportedOn: `${year + 1}-01-15` },
    { id: `stay-${year}`, time: `${year + 1}-01-15T09:00:00+08:00` },
  );
const eligibleYears = [
  report(2021, '700000.00', '150000.00'),
  report(2022, '700000.00', '150000.00'),
  report(2023, '800000.00', '170000.00'),
  report(2024, '900000.00', '190000.00'),
  ...[2021, 2022, 2023, 2024].map((year) => stay(year, 300)),
];

describe('rule 5: salary- and tax-linked permanent residence', () => {
  it('determines eligibility after four years at 6 × the previous year’s wage with 20 % tax, and tells psb and the bureau', () => {
    const [decision] = evaluateSalaryTaxPermanentResidence(buildChain(ALICE, [permit, ...eligibleYears]), ruleContext('2025-06-01'));
    expect(decision).toMatchObject({
      ruleId: 'LNK-05-PR-SALARY-TAX',
      outcome: 'eligibility-determined',
      ruleVersion: 2,
      thresholds: { consecutiveYears: 4, salaryMultiple: 6, minTaxPercent: 20, minDaysInChinaPerYear: 183, averageWages: 'test-wages@1' },
      notify: ['psb-310000', 'bureau-310000'],
      cases: [],
    });
    expect(decision?.findings?.every((f) => f.passed === true)).toBe(true);
    expect(decision?.findings?.filter((f) => f.test === 'days-in-china').map((f) => f.measured)).toEqual(['300', '300', '300', '300']);
    expect(decision?.inputEventIds).toHaveLength(9);
  });

  it('says which year failed which test and by how much', () => {
    // 2023 needs 6 × 120 000 = 720 000 salary; 710 000 is 10 000 short. Its tax 140 000 is below 20 % (142 000).
    const years = [...eligibleYears.filter((e) => e.id !== report(2023, '0.00', '0.00').id), report(2023, '710000.00', '140000.00')];
    const [decision] = evaluateSalaryTaxPermanentResidence(buildChain(ALICE, [permit, ...years]), ruleContext('2025-06-01'));
    expect(decision?.outcome).toBe('not-eligible');
    const failed = decision?.findings?.filter((f) => f.passed === false);
    expect(failed).toEqual([
      expect.objectContaining({
        about: '2023',
        test: 'salary-multiple-of-average-wage',
        measured: '710000.00',
        required: '720000.00',
        shortfall: '10000.00',
      }),
      expect.objectContaining({
        about: '2023',
        test: 'tax-share-of-salary',
        measured: '140000.00',
        required: '142000.00',
        shortfall: '2000.00',
      }),
    ]);
    expect(decision?.explanation.en).toContain('short by 10000.00');
    expect(decision?.explanation.zh).toContain('相差 10000.00 元');
  });

  it('fails a year without a valid work permit throughout, naming the first uncovered day', () => {
    const late = event(
      'work-permit.issued',
      { permitNo: 'WP1', permitClass: 'A', holder, employer, position: 'Director', validFrom: '2021-03-01', validTo: '2026-05-31' },
      { id: 'wp', time: '2021-03-01T09:00:00+08:00' },
    );
    const [decision] = evaluateSalaryTaxPermanentResidence(buildChain(ALICE, [late, ...eligibleYears]), ruleContext('2025-06-01'));
    expect(decision?.outcome).toBe('not-eligible');
    expect(decision?.findings?.filter((f) => f.passed === false)).toEqual([
      expect.objectContaining({ about: '2021', test: 'work-permit-valid-all-year', measured: 'uncovered from 2021-01-01' }),
    ]);
  });

  it('cannot decide when the reference wage of a year is missing, and opens a case instead of guessing', () => {
    // 2026 needs the 2025 average wage, which the reference table does not have.
    const longPermit = event(
      'work-permit.issued',
      { permitNo: 'WP1', permitClass: 'A', holder, employer, position: 'Director', validFrom: '2020-06-01', validTo: '2028-05-31' },
      { id: 'wp', time: '2020-06-01T09:00:00+08:00' },
    );
    const years = [
      ...eligibleYears,
      report(2025, '900000.00', '190000.00'),
      report(2026, '900000.00', '190000.00'),
      stay(2025, 250),
      stay(2026, 250),
    ];
    const [decision] = evaluateSalaryTaxPermanentResidence(buildChain(ALICE, [longPermit, ...years]), ruleContext('2027-06-01'));
    expect(decision).toMatchObject({
      outcome: 'cannot-decide',
      notify: [],
      cases: [{ agency: 'psb-310000', kind: 'reference-data-missing', openedOn: '2027-05-20' }],
    });
    const unknown = decision?.findings?.filter((f) => f.passed === 'cannot-decide');
    expect(unknown).toEqual([expect.objectContaining({ about: '2026', test: 'salary-multiple-of-average-wage' })]);
    expect(unknown?.[0]?.explanation.en).toContain('no average wage of 310000 for 2025');
  });

  it('is not eligible with fewer consecutive years than required', () => {
    const [decision] = evaluateSalaryTaxPermanentResidence(
      buildChain(ALICE, [permit, report(2023, '800000.00', '170000.00'), report(2024, '900000.00', '190000.00')]),
      ruleContext('2025-06-01'),
    );
    expect(decision?.findings?.filter((f) => f.test === 'tax-reported').map((f) => f.about)).toEqual(['2021', '2022']);
    expect(decision?.outcome).toBe('not-eligible');
  });

  it('fails a year with fewer days in China than the rule book requires, by how many', () => {
    const years = [...eligibleYears.filter((e) => e.id !== stay(2022, 0).id), stay(2022, 150)];
    const [decision] = evaluateSalaryTaxPermanentResidence(buildChain(ALICE, [permit, ...years]), ruleContext('2025-06-01'));
    expect(decision?.outcome).toBe('not-eligible');
    expect(decision?.findings?.filter((f) => f.passed === false)).toEqual([
      expect.objectContaining({ about: '2022', test: 'days-in-china', measured: '150', required: '183', shortfall: '33' }),
    ]);
    expect(decision?.explanation.en).toContain('short by 33 days');
    expect(decision?.explanation.zh).toContain('相差 33 天');
  });

  it('cannot decide a year without a days-in-China report, names the year, and asks public security for it', () => {
    const years = eligibleYears.filter((e) => e.id !== stay(2023, 0).id);
    const [decision] = evaluateSalaryTaxPermanentResidence(buildChain(ALICE, [permit, ...years]), ruleContext('2025-06-01'));
    expect(decision).toMatchObject({
      outcome: 'cannot-decide',
      notify: [],
      cases: [{ agency: 'psb-310000', kind: 'stay-report-missing', openedOn: '2025-05-20' }],
    });
    expect(decision?.findings?.filter((f) => f.passed === 'cannot-decide')).toEqual([
      expect.objectContaining({ about: '2023', test: 'days-in-china', required: '183' }),
    ]);
    expect(decision?.explanation.en).toContain('no days in China for 2023');
  });

  it('takes the latest report of a year when public security corrects it', () => {
    const corrected = event(
      'residence-permit.annual-stay-reported',
      { holder, year: 2024, daysInChina: 120, reportedOn: '2025-03-01' },
      { id: 'stay-2024-fix', time: '2025-03-01T09:00:00+08:00' },
    );
    const [decision] = evaluateSalaryTaxPermanentResidence(
      buildChain(ALICE, [corrected, permit, ...eligibleYears]),
      ruleContext('2025-06-01'),
    );
    expect(decision?.findings?.find((f) => f.about === '2024' && f.test === 'days-in-china')).toMatchObject({
      passed: false,
      measured: '120',
    });
    expect(decision?.inputEventIds).toContain(corrected.id);
    expect(decision?.inputEventIds).not.toContain(stay(2024, 0).id);
  });
});
