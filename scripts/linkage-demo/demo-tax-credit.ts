import { addDays } from './seeded-random.js';
import type { DemoPermit, DemoPerson } from './demo-person.types.js';

/** The last tax year reported by the data set's last day (annual reports are in by the end of May). */
export function latestTaxYear(until: string): number {
  const year = Number(until.slice(0, 4));
  return until.slice(5) >= '06-01' ? year - 1 : year - 2;
}

/** Yuan as the contracts write amounts. */
function amount(yuan: number): string {
  return `${Math.round(yuan)}.00`;
}

/** How a long-standing resident's four tax years look against the permanent-residence tests. */
export type TaxProfile = 'meets-all' | 'tax-short' | 'year-missing' | 'ordinary';

/**
 * Tax reports for the years given: high earners with tax above 20 % of salary ('meets-all'), one
 * year's tax short of it ('tax-short'), one year not reported ('year-missing'), or an ordinary
 * salary ('ordinary'; what the rule then finds depends on the province's average wage).
 */
export function taxYears(p: DemoPerson, years: readonly number[], profile: TaxProfile): void {
  const { r, t, holder, employer, district } = p;
  const shortYear = r.pick(years);
  for (const year of years) {
    if (profile === 'year-missing' && year === shortYear) continue;
    const salary = profile === 'ordinary' ? r.int(180_000, 700_000) : r.int(1_400_000, 3_000_000);
    const share = profile === 'tax-short' && year === shortYear ? r.int(15, 19) : r.int(22, 35);
    const reportedOn = `${year + 1}-0${r.int(3, 5)}-${String(r.int(10, 28))}`;
    t.emit(`tax-${year}`, 'tax.annual-income-reported', 'tax', district, reportedOn, {
      reportNo: `TX-${p.ref}-${year}`,
      holder,
      taxpayerId: `${holder.passportNo}${holder.nationality}`,
      taxYear: year,
      employer,
      monthsPaid: 12,
      annualSalary: amount(salary),
      individualIncomeTaxPaid: amount((salary * share) / 100),
      reportedOn,
    });
  }
}

const VIOLATIONS = [
  ['illegal-employment', 'serious', 'Worked for an employer not named on the work permit.'],
  ['employer-violation', 'minor', 'Employer failed to report a change of position in time.'],
  ['overstay', 'minor', 'Stayed a few days beyond the permitted period.'],
  ['false-materials', 'grave', 'Submitted an altered certificate.'],
] as const;

/** A credit violation while the permit runs; some are cleared later. */
export function creditViolation(p: DemoPerson, permit: DemoPermit): void {
  const { r, t, holder, district } = p;
  const [kind, severity, description] = r.pick(VIOLATIONS);
  const recordNo = `CR-${p.province.code}-${p.ref}`;
  const occurredOn = addDays(permit.issuedOn, r.int(30, 300));
  const recordedOn = addDays(occurredOn, r.int(5, 40));
  const recorded = t.emit(
    'violation',
    'credit.violation-recorded',
    'credit',
    district,
    recordedOn,
    {
      recordNo,
      holder,
      kind,
      severity,
      occurredOn,
      recordedOn,
      authority: p.psb,
      description,
      penalty: 'Warning and fine',
      fine: amount(r.int(1, 10) * 1000),
    },
    2,
  );
  if (!recorded || !r.chance(0.4)) return;
  const clearedOn = addDays(recordedOn, r.int(60, 300));
  t.emit('violation-cleared', 'credit.record-cleared', 'credit', district, clearedOn, {
    recordNo,
    recordType: 'violation',
    holder,
    clearedOn,
    reason: r.pick(['credit-repaired', 'decision-overturned'] as const),
  });
}

/** Days in China per year from exit-entry records, for the residence condition of permanent residence. */
export function annualStays(p: DemoPerson, years: readonly number[]): void {
  const { r, t, holder, psb, district } = p;
  for (const year of years) {
    const reportedOn = `${year + 1}-01-${String(r.int(10, 28))}`;
    t.emit(`stay-${year}`, 'residence-permit.annual-stay-reported', psb, district, reportedOn, {
      holder,
      year,
      daysInChina: r.chance(0.9) ? r.int(200, 350) : r.int(90, 182),
      reportedOn,
    });
  }
}
