import { describe, expect, it } from '@jest/globals';
import { matchesFilters, regionWithin } from './subscription-filter.js';

const event = {
  type: 'work-permit.issued',
  region: '310115',
  data: { permitClass: 'A', visaCategory: 'Z', points: 85, employer: { creditCode: '91310000MA1FL8XQ3C' } },
};

describe('subscription filters', () => {
  it('matches a region by itself, its prefecture or its province', () => {
    expect(regionWithin('310115', '310115')).toBe(true);
    expect(regionWithin('310115', '310100')).toBe(true);
    expect(regionWithin('310115', '310000')).toBe(true);
    expect(regionWithin('310115', '320000')).toBe(false);
    expect(regionWithin('310115', '310200')).toBe(false);
  });

  it('holds with no filters, and needs every filter given', () => {
    expect(matchesFilters({}, event)).toBe(true);
    expect(matchesFilters({ regions: ['110000', '310000'], permitClasses: ['A', 'B'] }, event)).toBe(true);
    expect(matchesFilters({ regions: ['310000'], permitClasses: ['C'] }, event)).toBe(false);
    expect(matchesFilters({ visaCategories: ['Z'] }, event)).toBe(true);
    expect(matchesFilters({ visaCategories: ['R'] }, event)).toBe(false);
    const visa = { type: 'visa.issued', region: '310115', data: { category: 'R' } };
    expect(matchesFilters({ visaCategories: ['R'] }, visa)).toBe(true);
    expect(matchesFilters({ visaCategories: ['Z'] }, visa)).toBe(false);
  });

  it('compares attributes by equals, in and prefix, as text; absent or object values never match', () => {
    const attr = (path: string, op: 'equals' | 'in' | 'prefix', value: string | string[]): boolean =>
      matchesFilters({ attributes: [{ path, op, value }] }, event);
    expect(attr('data.employer.creditCode', 'prefix', '9131')).toBe(true);
    expect(attr('data.employer.creditCode', 'prefix', '9144')).toBe(false);
    expect(attr('data.points', 'equals', '85')).toBe(true);
    expect(attr('data.permitClass', 'in', ['A', 'B'])).toBe(true);
    expect(attr('data.permitClass', 'in', ['C'])).toBe(false);
    expect(attr('data.missing', 'equals', 'undefined')).toBe(false);
    expect(attr('data.employer', 'equals', '[object Object]')).toBe(false);
    expect(attr('region', 'prefix', '31')).toBe(true);
  });
});
