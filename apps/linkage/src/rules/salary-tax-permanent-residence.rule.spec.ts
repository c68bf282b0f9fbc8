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
const eligibleYears = [
  report(2021, '700000.00', '150000.00'),
  report(2022, '700000.00', '150000.00'),
  report(2023, '800000.00', '170000.00'),
  report(2024, '900000.00', '190000.00'),
];

describe('rule 5: salary- and tax-linked permanent residence', () => {
  it('determines eligibility after four years at 6 × the previous year’s wage with 20 % tax, and tells psb and the bureau', () => {
    const [decision] = evaluateSalaryTaxPermanentResidence(buildChain(ALICE, [permit, ...eligibleYears]), ruleContext('2025-06-01'));
    expect(decision).toMatchObject({
      ruleId: 'LNK-05-PR-SALARY-TAX',
      outcome: 'eligibility-determined',
      thresholds: { consecutiveYears: 4, salaryMultiple: 6, minTaxPercent: 20, averageWages: 'test-wages@1' },
      notify: ['psb-310000', 'bureau-310000'],
      cases: [],
    });
    expect(decision?.findings?.every((f) => f.passed === true)).toBe(true);
    expect(decision?.inputEventIds).toHaveLength(5);
  });

  it('says which year failed which test and by how much', () => {
    // 2023 needs 6 × 120 000 = 720 000 salary; 710 000 is 10 000 short. Its tax 140 000 is below 20 % (142 000).
    const years = [...eligibleYears.filter((e) => e.data.taxYear !== 2023), report(2023, '710000.00', '140000.00')];
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
    const years = [...eligibleYears.slice(2), report(2025, '900000.00', '190000.00'), report(2026, '900000.00', '190000.00')];
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
      buildChain(ALICE, [permit, ...eligibleYears.slice(2)]),
      ruleContext('2025-06-01'),
    );
    expect(decision?.findings?.filter((f) => f.test === 'tax-reported').map((f) => f.about)).toEqual(['2021', '2022']);
    expect(decision?.outcome).toBe('not-eligible');
  });
});
