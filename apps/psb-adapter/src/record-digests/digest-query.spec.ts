import { describe, expect, it } from '@jest/globals';
import { ValidationFailedError } from '@hub/contracts';
import { PsbAdapterConfig } from '../config/psb-adapter-config.js';
import { bucketQueryOf, digestQueryOf } from './digest-query.js';
import { BureauUnauthenticatedError, OtherAgencyRecordsError, ReconcilingBureaus } from './reconciling-bureaus.js';

function issuesOf(read: () => unknown): string[] {
  try {
    read();
  } catch (error) {
    if (error instanceof ValidationFailedError) return error.issues.map((issue) => `${issue.path}:${issue.rule}`);
    throw error;
  }
  throw new Error('no error thrown');
}

describe('the digests’ query', () => {
  it('takes what the hub’s takes, plus the bureau asked for', () => {
    expect(digestQueryOf({})).toEqual({ domain: 'work-permit', from: '0000-01', to: '9999-12', limit: 500 });
    expect(
      digestQueryOf({
        agency: 'bureau-310000',
        domain: 'work-permit',
        from: '2026-01',
        to: '2026-12',
        after: '310115:2026-03',
        limit: '5000',
      }),
    ).toEqual({ agency: 'bureau-310000', domain: 'work-permit', from: '2026-01', to: '2026-12', after: '310115:2026-03', limit: 5000 });
    expect(bucketQueryOf('310115', '2026-01', { after: 'fwp.permit:9' })).toEqual({
      domain: 'work-permit',
      region: '310115',
      month: '2026-01',
      after: 'fwp.permit:9',
      limit: 1000,
    });
  });

  it('names every bad parameter and its rule', () => {
    expect(
      issuesOf(() => digestQueryOf({ domain: 'visa', from: '2026-13', to: '2026', limit: '5001', after: 'x', agency: 'B', sort: 'asc' })),
    ).toEqual(['sort:unknownParameter', 'from:matches', 'to:matches', 'after:matches', 'agency:matches', 'domain:isIn', 'limit:isInt']);
    expect(issuesOf(() => digestQueryOf({ from: '2026-06', to: '2026-01' }))).toEqual(['to:notBeforeFrom']);
    expect(issuesOf(() => bucketQueryOf('31', '2026-1', { limit: '1.5' }))).toEqual([
      'region:isRegionCode',
      'month:isMonth',
      'limit:isInt',
    ]);
  });
});

describe('the bureaus that may reconcile', () => {
  const KEY = 'bureau-key-0123456789abcdef0123456789abcdef';
  const bureaus = new ReconcilingBureaus(Object.assign(new PsbAdapterConfig(), { RECONCILE_API_KEYS: `bureau-310000:${KEY}` }));

  it('name the bureau whose key is presented, which may ask for its own records only', () => {
    expect(bureaus.authorize(`Bearer ${KEY}`, undefined)).toBe('bureau-310000');
    expect(bureaus.authorize(`Bearer ${KEY}`, 'bureau-310000')).toBe('bureau-310000');
    expect(() => bureaus.authorize(`Bearer ${KEY}`, 'bureau-320000')).toThrow(OtherAgencyRecordsError);
  });

  it.each([undefined, '', `Bearer ${KEY}x`, `Basic ${KEY}`])('refuse %p', (authorization) => {
    expect(() => bureaus.authorize(authorization, undefined)).toThrow(BureauUnauthenticatedError);
  });

  it('refuse everyone without RECONCILE_API_KEYS', () => {
    expect(() => new ReconcilingBureaus(new PsbAdapterConfig()).authorize(`Bearer ${KEY}`, undefined)).toThrow(BureauUnauthenticatedError);
  });
});
