import { describe, expect, it } from '@jest/globals';
import { envelopeFrom, rulesBroken, withChanges } from '../../testing/contract-spec-harness.js';
import { findContract } from '../catalogue.js';
import { RESIDENCE_PERMIT_ANNUAL_STAY_REPORTED_V1 } from './residence-permit-annual-stay-reported.v1.js';

function anEvent(changes: Record<string, unknown> = {}): Record<string, unknown> {
  const data = withChanges(RESIDENCE_PERMIT_ANNUAL_STAY_REPORTED_V1.example(), changes);
  return envelopeFrom({ agency: 'psb-310000', time: '2026-01-15T10:00:00+08:00' }, 'residence-permit.annual-stay-reported', data);
}

describe('residence-permit.annual-stay-reported v1', () => {
  it('is in the catalogue, published by public security', () => {
    expect(findContract('residence-permit.annual-stay-reported', 1)).toBe(RESIDENCE_PERMIT_ANNUAL_STAY_REPORTED_V1);
    expect(RESIDENCE_PERMIT_ANNUAL_STAY_REPORTED_V1.publishers).toEqual(['psb']);
  });

  it('takes 0 to 366 whole days of a year from 2000 to 2100', () => {
    for (const daysInChina of [0, 183, 366]) expect(rulesBroken(anEvent({ daysInChina }))).toEqual([]);
    expect(rulesBroken(anEvent({ daysInChina: 367 }))).toEqual(['data.daysInChina:max']);
    expect(rulesBroken(anEvent({ daysInChina: -1 }))).toEqual(['data.daysInChina:min']);
    expect(rulesBroken(anEvent({ daysInChina: 182.5 }))).toEqual(['data.daysInChina:isInt']);
    expect(rulesBroken(anEvent({ year: 1999 }))).toEqual(['data.year:min']);
    expect(rulesBroken(anEvent({ reportedOn: undefined }))).toEqual(['data.reportedOn:isCalendarDate']);
  });
});
