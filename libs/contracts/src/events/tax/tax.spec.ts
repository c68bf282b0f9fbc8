import { describe, expect, it } from '@jest/globals';
import { findContract } from '../catalogue.js';
import { examplePerson } from '../shared/examples.js';
import { TAX_ANNUAL_INCOME_REPORTED_V1 } from './tax-annual-income-reported.v1.js';
import { envelopeFrom, rulesBroken, withChanges } from '../../testing/contract-spec-harness.js';

/** A full envelope from the tax authority around the example with `changes` applied (undefined leaves a field out). */
function anEvent(changes: Record<string, unknown> = {}): Record<string, unknown> {
  const sender = { agency: 'tax', time: '2025-05-20T16:00:00+08:00' };
  return envelopeFrom(sender, 'tax.annual-income-reported', withChanges(TAX_ANNUAL_INCOME_REPORTED_V1.example(), changes));
}

describe('tax.annual-income-reported v1', () => {
  it('is in the catalogue, and its example passes and identifies the taxpayer', () => {
    expect(findContract('tax.annual-income-reported', 1)).toBe(TAX_ANNUAL_INCOME_REPORTED_V1);
    expect(rulesBroken(anEvent())).toEqual([]);
    expect(TAX_ANNUAL_INCOME_REPORTED_V1.identify?.(TAX_ANNUAL_INCOME_REPORTED_V1.example())).toEqual(examplePerson());
  });

  it('accepts a correction without taxpayer id or month count, and a year without tax', () => {
    const event = anEvent({
      correctsReportNo: '3101152025052000123',
      taxpayerId: undefined,
      monthsPaid: undefined,
      individualIncomeTaxPaid: '0.00',
    });
    expect(rulesBroken(event)).toEqual([]);
  });

  it('takes amounts only as yuan strings with two decimal places, never as numbers', () => {
    expect(rulesBroken(anEvent({ annualSalary: 864000 }))).toEqual(['data.annualSalary:matches']);
    expect(rulesBroken(anEvent({ annualSalary: '864000.5' }))).toEqual(['data.annualSalary:matches']);
    expect(rulesBroken(anEvent({ annualSalary: '864,000.00' }))).toEqual(['data.annualSalary:matches']);
    expect(rulesBroken(anEvent({ individualIncomeTaxPaid: '-187340.00' }))).toEqual(['data.individualIncomeTaxPaid:matches']);
    expect(rulesBroken(anEvent({ individualIncomeTaxPaid: '0187340.00' }))).toEqual(['data.individualIncomeTaxPaid:matches']);
  });

  it('takes tax years from 2000 to 2100 as whole numbers', () => {
    expect(rulesBroken(anEvent({ taxYear: 1999 }))).toEqual(['data.taxYear:min']);
    expect(rulesBroken(anEvent({ taxYear: 2101 }))).toEqual(['data.taxYear:max']);
    expect(rulesBroken(anEvent({ taxYear: '2024' }))).toEqual(expect.arrayContaining(['data.taxYear:isInt']));
  });

  it('counts 1 to 12 months paid', () => {
    expect(rulesBroken(anEvent({ monthsPaid: 13 }))).toEqual(['data.monthsPaid:max']);
    expect(rulesBroken(anEvent({ monthsPaid: 0 }))).toEqual(['data.monthsPaid:min']);
  });

  it('requires the employer and a real report date', () => {
    expect(rulesBroken(anEvent({ employer: undefined }))).toEqual(expect.arrayContaining(['data.employer:isDefined']));
    expect(rulesBroken(anEvent({ employer: { creditCode: '9131', name: 'X' } }))).toEqual(['data.employer.creditCode:matches']);
    expect(rulesBroken(anEvent({ reportedOn: '2025-13-01' }))).toEqual(['data.reportedOn:isCalendarDate']);
  });
});
