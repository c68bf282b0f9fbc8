import { describe, expect, it } from '@jest/globals';
import { ValidationFailedError } from '@hub/contracts';
import { bucketQueryOf, digestQueryOf } from './digest-query.js';

function issuesOf(read: () => unknown): string[] {
  try {
    read();
  } catch (error) {
    if (error instanceof ValidationFailedError) return error.issues.map((issue) => `${issue.path}:${issue.rule}`);
    throw error;
  }
  throw new Error('no error thrown');
}

describe('digest queries', () => {
  it('default to work permits, every month and a page of 500 buckets', () => {
    expect(digestQueryOf({})).toEqual({ domain: 'work-permit', from: '0000-01', to: '9999-12', limit: 500 });
    expect(digestQueryOf({ domain: 'visa', from: '2025-01', to: '2025-12', after: '310000:2025-03', limit: '20' })).toEqual({
      domain: 'visa',
      from: '2025-01',
      to: '2025-12',
      after: '310000:2025-03',
      limit: 20,
    });
  });

  it('name every bad parameter and its rule', () => {
    expect(issuesOf(() => digestQueryOf({ from: '2025-13', to: '2025', limit: '5001', after: 'x', sort: 'asc' }))).toEqual([
      'sort:unknownParameter',
      'from:matches',
      'to:matches',
      'after:matches',
      'limit:isInt',
    ]);
    expect(issuesOf(() => digestQueryOf({ from: '2025-06', to: '2025-01' }))).toEqual(['to:notBeforeFrom']);
    expect(issuesOf(() => digestQueryOf({ domain: ['a', 'b'] }))).toEqual(['domain:matches']);
  });

  it("check a bucket's region and month from the path", () => {
    expect(bucketQueryOf('310115', '2026-01', { after: 'fwp.permit:9' })).toEqual({
      domain: 'work-permit',
      region: '310115',
      month: '2026-01',
      after: 'fwp.permit:9',
      limit: 1000,
    });
    expect(issuesOf(() => bucketQueryOf('31', '2026-1', { limit: '0' }))).toEqual(['region:isRegionCode', 'month:isMonth', 'limit:isInt']);
  });
});
