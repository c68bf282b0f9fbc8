import type { EventContract } from '../event-contract.js';
import { describe, expect, it } from '@jest/globals';
import { PERMANENT_RESIDENCE_EVENTS } from './index.js';
import { PERMANENT_RESIDENCE_APPLICATION_SUBMITTED_V1 } from './permanent-residence-application-submitted.v1.js';
import { PERMANENT_RESIDENCE_APPROVED_V1 } from './permanent-residence-approved.v1.js';
import { PERMANENT_RESIDENCE_REJECTED_V1 } from './permanent-residence-rejected.v1.js';
import { PERMANENT_RESIDENCE_REVOKED_V1 } from './permanent-residence-revoked.v1.js';
import { envelopeFrom, exampleChangedBy as exampleWith, rulesBroken } from '../../testing/contract-spec-harness.js';

type Change = (data: Record<string, unknown>) => void;

/** A full envelope around `data`, as the Shanghai public security exit-entry administration would send it. */
function anEvent(type: string, data: object): Record<string, unknown> {
  return envelopeFrom({ agency: 'psb-310000', time: '2030-07-15T09:00:00+08:00' }, type, data);
}

/** The broken rules as `path:rule`, sorted. */
function brokenRules(type: string, data: object): string[] {
  return rulesBroken(anEvent(type, data)).sort();
}

const withCardNo =
  (cardNo: string): Change =>
  (d) =>
    (d['cardNo'] = cardNo);

describe('permanent-residence contracts', () => {
  it.each(PERMANENT_RESIDENCE_EVENTS.map((contract): [string, EventContract] => [contract.type, contract]))(
    '%s: the published example passes and identifies the holder',
    (type, contract) => {
      const example = contract.example();
      expect(brokenRules(type, example)).toEqual([]);
      expect(contract.identify?.(example)).toBe((example as { holder: unknown }).holder);
      expect(contract.topic).toBe('hub.permanent-residence.events');
      expect(contract.publishers).toEqual(['psb']);
    },
  );

  describe('permanent-residence.application-submitted', () => {
    it.each<[string, Change, string[]]>([
      ['a basis outside the permanent-residence-basis list', (d) => (d['basis'] = 'marriage'), ['data.basis:isInCodeList']],
      ['a region outside GB/T 2260', (d) => (d['region'] = '990100'), ['data.region:isGbT2260Region']],
      ['a region that is not six digits', (d) => (d['region'] = '3101'), ['data.region:isGbT2260Region']],
      ['a work permit number that is not 18 digits', (d) => (d['workPermitNo'] = 'WP310000202600001'), ['data.workPermitNo:matches']],
    ])('refuses %s', (_case, change, expected) => {
      expect(
        brokenRules('permanent-residence.application-submitted', exampleWith(PERMANENT_RESIDENCE_APPLICATION_SUBMITTED_V1, change)),
      ).toEqual(expected);
    });

    it('accepts a family-reunion application with no region, permit or employer', () => {
      const data = exampleWith(PERMANENT_RESIDENCE_APPLICATION_SUBMITTED_V1, (d) => {
        d['basis'] = 'family-reunion-spouse';
        for (const field of ['region', 'residencePermitNo', 'workPermitNo', 'employer']) delete d[field];
      });
      expect(brokenRules('permanent-residence.application-submitted', data)).toEqual([]);
    });
  });

  describe('permanent-residence.approved', () => {
    it.each<[string, Change, string[]]>([
      ['validity ending on the day it starts', (d) => (d['validTo'] = d['validFrom']), ['data.validTo:isAfterProperty']],
      ['validity starting before the approval', (d) => (d['validFrom'] = '2030-07-14'), ['data.validFrom:isNotBeforeProperty']],
      ['a pre-2023 card number (new cards use the 18-character format)', withCardNo('FRA310088041201'), ['data.cardNo:matches']],
      ['a citizen identity number (first digit 1–8)', withCardNo('310115198804120017'), ['data.cardNo:matches']],
      ['a card number with a lower-case check character', withCardNo('93125019880412001x'), ['data.cardNo:matches']],
      ['a card number of 17 characters', withCardNo('93125019880412001'), ['data.cardNo:matches']],
      ['a basis outside the permanent-residence-basis list', (d) => (d['basis'] = 'retirement'), ['data.basis:isInCodeList']],
    ])('refuses %s', (_case, change, expected) => {
      expect(brokenRules('permanent-residence.approved', exampleWith(PERMANENT_RESIDENCE_APPROVED_V1, change))).toEqual(expected);
    });

    it('accepts a card number whose check character is X', () => {
      expect(
        brokenRules('permanent-residence.approved', exampleWith(PERMANENT_RESIDENCE_APPROVED_V1, withCardNo('93125019900101002X'))),
      ).toEqual([]);
    });
  });

  describe('permanent-residence.rejected', () => {
    it.each<[string, Change, string[]]>([
      ['a missing reason', (d) => delete d['reason'], ['data.reason:isInCodeList']],
      ['a reason from the revocation list', (d) => (d['reason'] = 'deported'), ['data.reason:isInCodeList']],
    ])('refuses %s', (_case, change, expected) => {
      expect(brokenRules('permanent-residence.rejected', exampleWith(PERMANENT_RESIDENCE_REJECTED_V1, change))).toEqual(expected);
    });
  });

  describe('permanent-residence.revoked', () => {
    it('accepts the card number of a card issued before December 2023, still in use', () => {
      expect(
        brokenRules('permanent-residence.revoked', exampleWith(PERMANENT_RESIDENCE_REVOKED_V1, withCardNo('FRA310088041201'))),
      ).toEqual([]);
    });

    it.each<[string, Change, string[]]>([
      ['a reason outside the revocation list', (d) => (d['reason'] = 'income-or-tax-below-threshold'), ['data.reason:isInCodeList']],
      ['a pre-2023 card number in lower case', withCardNo('fra310088041201'), ['data.cardNo:matches']],
      ['a card number mixing both formats', withCardNo('FRA3100880412010'), ['data.cardNo:matches']],
      ['a card number with the wrong first digit', withCardNo('831250198804120017'), ['data.cardNo:matches']],
    ])('refuses %s', (_case, change, expected) => {
      expect(brokenRules('permanent-residence.revoked', exampleWith(PERMANENT_RESIDENCE_REVOKED_V1, change))).toEqual(expected);
    });
  });
});
